-- Column condition equals (numbers, dates): exactly the value.
src.{column} = $value
