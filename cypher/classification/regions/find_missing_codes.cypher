// find_missing_codes: which of these region codes do not exist.
// $codes: list of region codes
UNWIND $codes AS code
OPTIONAL MATCH (i:Region {code: code})
WITH code, i WHERE i IS NULL
RETURN collect(code) AS missing
