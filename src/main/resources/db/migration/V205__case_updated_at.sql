-- When a case last changed: set by every save of the case (each new version) and when it is logged, so that API
-- clients can poll for the cases changed since they last looked (GET /api/cases?updatedSince=…). Notes and files, which
-- change only the register and not the case's version, leave it as it is.
alter table cases add column updated_at timestamptz;

-- Existing cases: the latest time the case's own columns record a change, which is close to the last save.
update cases set updated_at = greatest(logged_at, acknowledged_at, first_response_at, responded_at, respond_completed_at,
                                       referred_at, closed_at, review_requested_at, reviewed_at, review_acknowledged_at,
                                       decided_at, last_update_at, improvement_changed_at);

alter table cases alter column updated_at set not null;

-- The polling walk: changed at or after an instant, in the order of that time and then the id.
create index cases_updated_at on cases (updated_at, id);
