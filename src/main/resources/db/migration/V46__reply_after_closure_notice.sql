-- escalation: besides deadline notices, a notice to the owner when a customer writes about a case that is already
-- closed, so that staff decide whether to reopen it. Such a notice comes from no timer.
alter table escalation_notice alter column timer_id drop not null;
alter table escalation_notice add constraint escalation_notice_source
    check (timer_id is not null or kind = 'REPLY_AFTER_CLOSURE');
