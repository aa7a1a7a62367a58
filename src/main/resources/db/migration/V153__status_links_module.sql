-- statuslinks: the private status links' tokens are a module of their own (they were the cases module's
-- case_status_token); the module reads the case's status through the cases module's API.
alter table case_status_token rename to status_link;
alter index case_status_token_pkey rename to status_link_pkey;
alter index case_status_token_case rename to status_link_case;
alter table status_link rename constraint case_status_token_case_id_fkey to status_link_case_id_fkey;
alter table status_link rename constraint case_status_token_token_hash_check to status_link_token_hash_check;
