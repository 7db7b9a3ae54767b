"""`make-book serve`: the web edition of a book, rebuilt as the editor writes.

Takes a book folder. Returns nothing while it runs: it serves the last good build of the
web edition on 127.0.0.1, watches the book folder (watchfiles), rebuilds through the
chapter cache on each change and tells open pages to reload (server-sent events); the
diagnostics of each build reach the pages as an overlay and the caller as events. The
print edition is built in the background, at most once every few seconds, so that each
chapter can open the PDF at its first page. Everything it writes is in a temporary
folder that is removed when it stops.
"""
