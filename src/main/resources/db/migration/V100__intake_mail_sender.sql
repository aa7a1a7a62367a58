-- The sender of each e-mail taken in, so that a later message quoting a case's reference in its subject is added to
-- that case only when its sender is already on the case (see docs/mail-intake.md). Messages taken in before this
-- column existed have none; their cases are still reached by their customer's address and by replies to their mail.
alter table intake_mail add column from_address text;
