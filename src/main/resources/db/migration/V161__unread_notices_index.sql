-- escalation: each member of staff's unread notices, counted for the header of every staff page. Only unread rows are
-- indexed, with the case each is about, so the count reads a few index entries, not the recipient's whole history.
create index escalation_notice_unread on escalation_notice (recipient_id, case_id) where read_at is null;
