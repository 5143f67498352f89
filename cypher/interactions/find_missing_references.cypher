// find_missing_references: which customer and product ids of a batch name nothing.
// $customerIds: list of customer ids; $productIds: list of product ids
RETURN [id IN $customerIds WHERE NOT EXISTS { MATCH (:Customer {id: id}) }] AS customers,
       [id IN $productIds WHERE NOT EXISTS { MATCH (:Product {id: id}) }] AS products
