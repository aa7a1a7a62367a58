-- escalation: the deadline watch also times the stage-2 acknowledgement of a rule pack (V180).
alter table escalation_timer drop constraint escalation_timer_stage_check;
alter table escalation_timer add constraint escalation_timer_stage_check
    check (stage in ('ACKNOWLEDGE', 'RESPOND', 'REVIEW', 'REVIEW_ACKNOWLEDGE'));
