-- When the customer sent the feedback (the e-mail's Date header, the date on a letter), beside received_at, when the
-- organisation received it (the mailbox's arrival time, the date stamp). Null when not known. A rule pack that counts
-- from when the customer sent it starts its clocks here (docs/packs.md, "Received vs sent").
alter table cases add column sent_at timestamptz
    constraint cases_sent_at_check check (sent_at is null or sent_at <= received_at);
