-- One value of the nutrition list as its own column (position counted from 1).
nutrition[{position}] AS {column}
