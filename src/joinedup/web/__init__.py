"""The web app and its JSON API. Pages and API call the analysis modules; they compute nothing."""
