"""Rendering: the map (folium + our JS kit in templates/), the standalone export, the columnar events block the
pages decode, GeoJSON for downloads, the timeline chart, the story of the article, offline assets."""
