-- correspondence: the copy of a letter kept once it is posted. The printed letter carries the customer's private
-- status-page link; the kept copy shows where the link was instead, and replaces the printed one when the letter is
-- marked posted, so that no working link stays where staff can read it. Letters from before have none: they keep
-- their printed copy.
alter table correspondence_letter add column kept_pdf bytea;
