-- A survey link stays open for hearken.surveys.answer-within after the invitation is sent (default 30 days). The
-- closing moment is fixed when the invitation goes out, so changing the setting later does not shorten or lengthen
-- links customers already have. Invitations sent before this column existed get the default lifetime.
alter table survey_invitation add column answer_by timestamptz;
update survey_invitation set answer_by = processed_at + interval '30 days' where status = 'SENT';
alter table survey_invitation add constraint survey_invitation_answer_by check ((status = 'SENT') = (answer_by is not null));
