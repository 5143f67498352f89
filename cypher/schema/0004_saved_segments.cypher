// Migration 0004: saved segments.
CREATE CONSTRAINT segment_id IF NOT EXISTS FOR (s:Segment) REQUIRE s.id IS UNIQUE;
CREATE CONSTRAINT segment_name IF NOT EXISTS FOR (s:Segment) REQUIRE s.normalizedName IS UNIQUE;
