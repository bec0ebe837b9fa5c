"""The page's view layer: widgets and Streamlit calls, one module per part of the page.

The numbers and charts come from ``tempviz``, which never imports Streamlit; this
package is imported once per server, so only ``app.py`` runs again on every rerun.
"""
