-- Price per SKU and currency used when an invoice line is priced.
create table price_list (
    sku        text          not null,
    currency   char(3)       not null,
    unit_price numeric(12,4) not null check (unit_price >= 0),
    primary key (sku, currency)
);
