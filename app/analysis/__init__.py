"""Pure analyses, one module per tab: data in (frames the repository returned), typed results out
(the statistics, tests, effect sizes and every number a sentence quotes). No Dash, no Plotly, no
texts: callbacks wire inputs to an analysis, then to a figure and a sentence. An analysis with
nothing to work on raises ``app.errors.EmptySelection``."""
