"""Browser and report layer: reads results folders, runs the model live, draws Plotly charts.

`data` holds the pure functions behind every chart, `charts` turns their tables into Plotly
figures, `pages` and `main` are the Solara app, `report` writes the self-contained HTML file.
"""
