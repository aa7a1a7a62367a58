-- correspondence: the metrics endpoint counts the e-mails given up on in each outbox every half minute; these partial
-- indexes keep that a walk of the failures alone, however many e-mails were sent.
create index correspondence_message_failed on correspondence_message (id) where status = 'FAILED';
create index correspondence_staff_mail_failed on correspondence_staff_mail (id) where status = 'FAILED';
