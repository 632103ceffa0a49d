"""``healthlint serve``: a local web page where an editor reviews an article before publishing.

api.py is the JSON API (pure functions), server.py the HTTP layer (standard library only),
command.py the click command, static/ the page (vanilla JS/CSS, no network).
"""
