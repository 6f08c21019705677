-- Column condition inRange: from value to value_to, both included (the grid's inRangeInclusive).
src.{column} BETWEEN $value AND $value_to
