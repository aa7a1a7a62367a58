-- The product a case is about: one of the service policy's products, as the policy spells it (any short text when the
-- policy lists none). Routes and pack variants select by it (docs/packs.md). Null when none was given.
alter table cases add column product text
    constraint cases_product_check check (product is null or (length(product) between 1 and 100 and product !~ '[[:cntrl:]]'));
