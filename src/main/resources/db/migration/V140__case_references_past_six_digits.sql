-- A case reference is the stem (prefix and year, e.g. 'HK-2026-') and the case's sequence number, zero-padded to six
-- digits. Padding with lpad(n, 6) also cut longer numbers to six digits, so from the millionth case on an older case's
-- reference came out again and intake failed on the unique constraint. The number now simply grows past six digits:
-- HK-2026-999999, HK-2026-1000000. References already given are unchanged.
create function case_reference(stem text, number bigint) returns text
    language sql immutable strict parallel safe
    as $$ select stem || lpad(number::text, greatest(6, length(number::text)), '0') $$;
