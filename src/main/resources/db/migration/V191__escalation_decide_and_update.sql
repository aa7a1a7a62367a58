-- escalation: the deadline watch also times a rule pack's decision stage and progress updates (V190).
alter table escalation_timer drop constraint escalation_timer_stage_check;
alter table escalation_timer add constraint escalation_timer_stage_check
    check (stage in ('ACKNOWLEDGE', 'RESPOND', 'REVIEW', 'REVIEW_ACKNOWLEDGE', 'DECIDE', 'UPDATE'));
