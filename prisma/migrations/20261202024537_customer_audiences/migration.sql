-- Who the built-in customer area's marketing and analysis may reach (Art. 18 and 21): never a
-- restricted or anonymised customer, nor one who objected to that purpose. Marketing, analysis
-- and any other system reading this database select from these views, or ask dsr_is_restricted().

CREATE VIEW "customer_marketing_audience" AS
SELECT c."id", c."email", c."fullName"
  FROM "customers" c
 WHERE c."restrictedAt" IS NULL
   AND c."anonymisedAt" IS NULL
   AND c."email" IS NOT NULL
   AND NOT EXISTS (
     SELECT 1 FROM "marketing_preferences" p
      WHERE p."customerId" = c."id" AND p."purpose" = 'direct_marketing' AND p."optedOut"
   );

CREATE VIEW "customer_analysis_population" AS
SELECT c."id"
  FROM "customers" c
 WHERE c."restrictedAt" IS NULL
   AND c."anonymisedAt" IS NULL
   AND NOT EXISTS (
     SELECT 1 FROM "marketing_preferences" p
      WHERE p."customerId" = c."id" AND p."purpose" = 'customer_analysis' AND p."optedOut"
   );

-- true when a customer with this address (case-insensitive) is restricted.
CREATE FUNCTION "dsr_is_restricted"(address text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM "customers" WHERE lower("email") = lower(address) AND "restrictedAt" IS NOT NULL
  )
$$;
