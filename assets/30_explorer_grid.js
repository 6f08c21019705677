// Functions the Explorer's AG Grid names in its column definitions ({"function": "isTrue"}). dash-ag-grid
// looks them up in this registry with its own expression evaluator (esprima + static-eval), which runs
// no eval for a plain name or call: the page's Content-Security-Policy (no 'unsafe-eval') holds. A
// function *written* in a {"function": ...} string would be compiled with Function() and refused.
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

// The Yes / No options of a boolean column's filter. The server filters the rows (infinite row model),
// so these never decide what is shown; AG Grid drops a custom filter option without a predicate.
dagfuncs.isTrue = function (filterValues, cellValue) { return cellValue === true; };
dagfuncs.isFalse = function (filterValues, cellValue) { return cellValue === false; };
