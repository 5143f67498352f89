// find_missing_codes: which of these industry codes do not exist.
// $codes: list of industry codes
UNWIND $codes AS code
OPTIONAL MATCH (i:Industry {code: code})
WITH code, i WHERE i IS NULL
RETURN collect(code) AS missing
