-- Two conditions of one column filter, both required (the filter's AND).
({left} AND {right})
