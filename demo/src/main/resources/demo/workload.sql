-- Queries run after the schema is loaded, so that pg_stat_statements has query lineage and usage.
CREATE TABLE analytics.daily_sales AS
SELECT date_trunc('day', o.ordered_at) AS sales_day, count(*) AS order_count, sum(o.total) AS revenue
FROM sales.orders o
GROUP BY 1;
COMMENT ON TABLE analytics.daily_sales IS 'Built by CREATE TABLE AS from sales.orders';
CREATE TABLE analytics.customer_ltv (
    customer_id    integer PRIMARY KEY REFERENCES sales.customers (customer_id),
    lifetime_value numeric(14, 2)
);
INSERT INTO analytics.customer_ltv (customer_id, lifetime_value)
SELECT c.customer_id, coalesce(sum(o.total), 0)
FROM sales.customers c
LEFT JOIN sales.orders o ON o.customer_id = c.customer_id
GROUP BY c.customer_id;
SELECT * FROM sales.order_totals WHERE total_amount > 10;
SELECT count(*) FROM sales.orders WHERE status = 'paid';
SELECT count(*) FROM sales.orders WHERE status = 'shipped';
SELECT p.name, s.quantity FROM inventory.products p JOIN inventory.stock_levels s ON s.product_id = p.product_id;
