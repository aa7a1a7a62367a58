-- Search without a slow corner. A search for words found in many cases, none of which the reader may see, used to
-- fetch every matching case to test the visibility rule on it. These keys let PostgreSQL test a necessary condition of
-- the rule in an index instead, together with the words, names or phone digits searched for, before it fetches a
-- single case.
--
-- The rule itself stays case_visible_to (V150), the one definition; searches keep calling it on every case they show.
-- The keys only narrow the cases worth looking at, and are derived from the same columns (case_parties): a reader who
-- is not an executive may see a case only if the case's keys and the reader's share an element. SearchAccessKeysIT
-- checks that on random cases and readers, and that searches find exactly what the plain rule finds.
--
-- A case's keys, as bigints so that the built-in GIN array operator class serves them:
--   staff id              the owner, the person a referral waits for, the internal reviewer and each person named;
--   -(4 * staff id + 1)   the person who logged the case, when it is not confidential;
--   -(4 * dept id + 2)    the case's department and the department it is being referred to, when not confidential;
--   -3                    not confidential (what administrators may see).
-- Executives may see every case but those about them, so their searches use no keys. A staff member a complaint is
-- about is refused by case_visible_to itself. A single SQL expression without a subquery, so that PostgreSQL inlines it
-- and intake computes it at little cost.
create function case_access_keys(owner_id bigint, pending_owner_id bigint, reviewer_id bigint, named_staff bigint[],
                                 confidential boolean, logged_by bigint, department_id bigint,
                                 pending_department_id bigint) returns bigint[]
    language sql immutable parallel safe
    as $$ select array_remove(array[owner_id, pending_owner_id, reviewer_id] || named_staff
                              || case when not confidential
                                      then array[-(4 * logged_by + 1), -(4 * department_id + 2),
                                                 -(4 * pending_department_id + 2), -3]
                                      else '{}'::bigint[] end,
                              null) $$;

-- A reader's keys: any case the reader may see (unless an executive) has at least one of them.
create function case_reader_keys(reader bigint, roles text[], departments bigint[]) returns bigint[]
    language sql immutable parallel safe
    as $$ select array[reader, -(4 * reader + 1)]
                 || array(select -(4 * d + 2) from unnest(departments) d)
                 || case when 'ADMIN' = any(roles) then array[-3::bigint] else '{}'::bigint[] end $$;

-- One GIN index over everything a search looks at, the keys included, replaces V70's four (customer name, e-mail
-- address, phone digits, words): each alternative of a search is one scan of it, in which PostgreSQL intersects the
-- alternative with the reader's keys, skipping through the longer list of cases with the shorter, so that the cases
-- fetched are only those the reader may well see. A scan without keys (an executive's search) uses it as it used the
-- old indexes. Intake maintains one index instead of four, with a few more entries a case.
create index cases_search on cases using gin (
    customer_name gin_trgm_ops,
    customer_email gin_trgm_ops,
    (regexp_replace(customer_phone, '[^0-9]', '', 'g')) gin_trgm_ops,
    search_words,
    case_access_keys(owner_id, pending_owner_id, reviewer_id, named_staff, confidential, logged_by, department_id,
                     pending_department_id));
drop index cases_customer_name_trgm;
drop index cases_customer_email_trgm;
drop index cases_customer_phone_trgm;
drop index cases_search_words;
