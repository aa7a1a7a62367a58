-- correspondence: whom each letter is addressed to, as printed in its address block, for the print queue page. Letters
-- written before take the name the case has now.
alter table correspondence_letter add column addressee text;
update correspondence_letter l set addressee = c.customer_name from cases c where c.id = l.case_id;
alter table correspondence_letter alter column addressee set not null;
