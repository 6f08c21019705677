-- A table read directly: a raw table, recipes or interactions while no global filter is set, or step two of a by-key read.
{table}
