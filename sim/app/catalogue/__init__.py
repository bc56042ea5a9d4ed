"""The catalogue: every word the browser, the report and the downloads show, in English and
Chinese, as data (no logic). `sim.app.i18n` looks words up here; nothing else should.

- `sentences`: `TEXT`, every sentence and label (pages, charts, tables, files, report)
- `units`: `UNITS`, the registries' units as people read them, and which units are 0–1 scales
- `metrics`: Chinese help for metrics, labels of metrics newer than the registry
- `plotly_zh`: Plotly's own words (toolbar, hover) and number formats in Chinese
"""
