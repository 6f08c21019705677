-- Two conditions of one column filter, either enough (the filter's OR).
({left} OR {right})
