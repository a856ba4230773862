"""The joint ledger: NHS and council spend reported together by spending type.

``taxonomy`` (the spending types), ``submission`` (checking and storing partners' files),
``template`` (the spreadsheet they fill in), ``figures`` (headline figures per area),
``allocations`` (ICB allocations) and ``returns`` (loaders for national returns).
"""
