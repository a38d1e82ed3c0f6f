<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>@default</name>
    <message>
        <location filename="../infra/atomic_files.py" line="34"/>
        <source>Cannot write &apos;{}&apos;: the folder &apos;{}&apos; does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../infra/atomic_files.py" line="38"/>
        <source>Cannot write &apos;{}&apos;: {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../infra/atomic_files.py" line="76"/>
        <source>Writing &apos;{}&apos; produced no data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/animation.py" line="49"/>
        <source>as of {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/animation.py" line="68"/>
        <source>Export cancelled: no animation was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/animation.py" line="73"/>
        <source>The page for {} could not be rendered at {} dpi.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/animation.py" line="92"/>
        <source>Animated GIF needs the Python package Pillow (Debian: python3-pil).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/animation.py" line="110"/>
        <source>No frame to animate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/animation.py" line="107"/>
        <source>MP4 needs ffmpeg (Debian package ffmpeg), which is not installed; export an animated GIF instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/animation.py" line="114"/>
        <source>Cannot write animation frames into &apos;{}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/animation.py" line="122"/>
        <source>ffmpeg could not write &apos;{}&apos;: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/atlas.py" line="133"/>
        <source>Export cancelled: &apos;{}&apos; was not written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/atlas.py" line="55"/>
        <source>Could not write &apos;{}&apos; (QGIS export error {}{}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/atlas.py" line="72"/>
        <source>Could not write &apos;{}&apos; (the page does not fit in memory at {} dpi, or the file cannot be written).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/atlas.py" line="81"/>
        <source>Unknown map format &apos;{}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/atlas.py" line="135"/>
        <source>Could not write the atlas &apos;{}&apos;: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.py" line="377"/>
        <source>Export cancelled: no file was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/figures.py" line="97"/>
        <source>Enclosed at {:g} km</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="47"/>
        <source>Occupied share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/figures.py" line="106"/>
        <source>Change since previous snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/share_table.py" line="162"/>
        <source>n/a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/figures.py" line="118"/>
        <source>all areas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/algorithm_runner.py" line="176"/>
        <source>{} failed: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/figures.py" line="165"/>
        <source>{} gave no table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/figures.py" line="252"/>
        <source>Enclosed degrees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="351"/>
        <source>Corridor width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/figures.py" line="194"/>
        <source>{}: {} ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/figures.py" line="232"/>
        <source> ({:.1f} of {:.1f} km²)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/figures.py" line="237"/>
        <source>{:+.1f} points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/figures.py" line="251"/>
        <source> at {:g} km</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/figures.py" line="275"/>
        <source>{:.2f} km</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/figures.py" line="283"/>
        <source>(to rear)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/layout_builder.py" line="122"/>
        <source>No shipped template &apos;{}&apos; for {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/layout_builder.py" line="136"/>
        <source>Cannot read the template &apos;{}&apos;: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/layout_builder.py" line="139"/>
        <source>&apos;{}&apos; is not a QGIS layout template (.qpt).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/layout_builder.py" line="145"/>
        <source>The template &apos;{}&apos; could not be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/layout_builder.py" line="232"/>
        <source>as of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/layout_builder.py" line="256"/>
        <source>Sources and licences:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/layout_builder.py" line="366"/>
        <source>km</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/figures_block.py" line="92"/>
        <source>no figure areas given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/product.py" line="113"/>
        <source>The project file &apos;{}&apos; does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/product.py" line="116"/>
        <source>Cannot read the project &apos;{}&apos;: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/product.py" line="188"/>
        <source>&apos;{}&apos; had no time settings: it now shows the snapshot valid on each day (valid_from .. valid_to).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/product.py" line="267"/>
        <source>The template has no item(s) {}: they are left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/product.py" line="270"/>
        <source>The template &apos;{}&apos; has no map item with id &apos;situation_map&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/product.py" line="192"/>
        <source>Nothing to map: the project has no visible layer with an extent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/product.py" line="220"/>
        <source>Not available: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/sources.py" line="60"/>
        <source>licence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/sources.py" line="96"/>
        <source>licence not stated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/sources.py" line="173"/>
        <source>unnamed source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/sources.py" line="179"/>
        <source>No control snapshot valid on {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/sources.py" line="180"/>
        <source>Shown for {}: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/situation_layers.py" line="74"/>
        <source>Occupied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/situation_layers.py" line="75"/>
        <source>Contested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/situation_layers.py" line="76"/>
        <source>Liberated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/situation_layers.py" line="77"/>
        <source>Claimed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/situation_layers.py" line="79"/>
        <source>No status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/situation_layers.py" line="84"/>
        <source>no source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/situation_layers.py" line="219"/>
        <source>Cannot open the control table of the store &apos;{}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/situation_layers.py" line="220"/>
        <source>The store &apos;{}&apos; cannot be filtered to {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/snapshot_files.py" line="265"/>
        <source>{}: the layer holds {} geometries, not polygons; snapshots must be polygons.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/snapshot_files.py" line="150"/>
        <source>{}: the file does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/snapshot_files.py" line="156"/>
        <source>not a vector file GDAL can read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/snapshot_files.py" line="157"/>
        <source>{}: cannot be read ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/snapshot_files.py" line="167"/>
        <source>{}: no layer with geometries{}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/snapshot_files.py" line="271"/>
        <source>{}: no field {} (fields: {}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="282"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/snapshot_files.py" line="187"/>
        <source>{}: its CRS is not understood.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/snapshot_files.py" line="205"/>
        <source>{}: reading failed ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/snapshot_files.py" line="242"/>
        <source>{}: feature {} cannot be reprojected to EPSG:4326 ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/snapshot_files.py" line="250"/>
        <source>{}: the file has no CRS and its coordinates ({}) are not longitudes and latitudes; set its CRS and import again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/snapshot_files.py" line="253"/>
        <source>{}: the file has no CRS; its coordinates are within longitude/latitude range, so EPSG:4326 is assumed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/snapshot_files.py" line="256"/>
        <source>{}: coordinates out of longitude/latitude range after reprojection to EPSG:4326 ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/update.py" line="50"/>
        <source>Cannot write the store &apos;{}&apos;: the folder &apos;{}&apos; does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/update.py" line="52"/>
        <source>Cannot write the store &apos;{}&apos;: the folder &apos;{}&apos; is not writable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/update.py" line="385"/>
        <source>Cannot write the store &apos;{}&apos;: {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/__init__.py" line="70"/>
        <source>&apos;{}&apos; already exists; choose another file or overwrite it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/tables.py" line="219"/>
        <source>&apos;{}&apos; does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/tables.py" line="223"/>
        <source>&apos;{}&apos; is not a GeoPackage ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/tables.py" line="223"/>
        <source>unreadable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/tables.py" line="227"/>
        <source>&apos;{}&apos; is a GeoPackage but not a situation store: it has no &apos;{}&apos; table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/tables.py" line="233"/>
        <source>&apos;{}&apos;: the control table lacks the field(s) {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/tables.py" line="243"/>
        <source>&apos;{}&apos; has no valid schema_version in its store_info table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/tables.py" line="245"/>
        <source>&apos;{}&apos; uses store schema {}, newer than this plugin&apos;s {}; update Situation Mapper.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/update.py" line="104"/>
        <source>A source needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/update.py" line="187"/>
        <source>Cannot create the store &apos;{}&apos; ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/update.py" line="196"/>
        <source>Cannot open &apos;{}&apos; for writing ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/update.py" line="200"/>
        <source>Cannot start a transaction on &apos;{}&apos; ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/update.py" line="279"/>
        <source>Cannot write the control row of {} ({}): {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/update.py" line="96"/>
        <source>Control row {} vanished from &apos;{}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/update.py" line="292"/>
        <source>Cannot update control row {} ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/update.py" line="367"/>
        <source>Cannot commit the changes to &apos;{}&apos; ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="52"/>
        <source>Situation &amp;Mapper</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_dock.py" line="26"/>
        <source>Situation Mapper</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="66"/>
        <source>Situation Mapper Panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="67"/>
        <source>Show or hide the Situation Mapper panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="69"/>
        <source>Geodesic Arc…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="69"/>
        <source>Draw an arc at an exact geodesic distance around a point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="81"/>
        <source>Encirclement Arc Tool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="81"/>
        <source>Draw an encirclement arc: click the centre, the radius, the start and the end bearing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="81"/>
        <source>Corridor Tool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin.py" line="81"/>
        <source>Draw a corridor: click the route (with snapping), right click to finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/base.py" line="206"/>
        <source>No control layer given in {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/base.py" line="380"/>
        <source>{}: &apos;{}&apos; is not a date (YYYY-MM-DD).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/base.py" line="268"/>
        <source>Control layer or situation store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/changes.py" line="65"/>
        <source>First date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/changes.py" line="65"/>
        <source>Second date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/snapshot_at.py" line="80"/>
        <source>Statuses (comma separated; empty: all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/snapshot_at.py" line="80"/>
        <source>Sources (comma separated; empty: all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/changes.py" line="77"/>
        <source>Changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/changes.py" line="79"/>
        <source>Area gained (km2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/changes.py" line="80"/>
        <source>Area lost (km2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/changes.py" line="87"/>
        <source>Both dates (DATE_A and DATE_B) are needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/changes.py" line="98"/>
        <source>No control polygon is valid on {}: everything there counts as not held.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/changes.py" line="136"/>
        <source>{} / {}: gained {:.2f} km2, lost {:.2f} km2, net {:+.2f} km2 from {} to {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/changes.py" line="141"/>
        <source>In all: gained {:.2f} km2, lost {:.2f} km2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_focus.py" line="43"/>
        <source>Claims table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/compare_claims.py" line="80"/>
        <source>Claim date field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/compare_claims.py" line="80"/>
        <source>Claimed area name field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/compare_claims.py" line="80"/>
        <source>Claimed share field (percent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/compare_claims.py" line="80"/>
        <source>Who claimed field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/occupied_share.py" line="98"/>
        <source>Areas (polygons)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/territory_change.py" line="105"/>
        <source>Area name field (empty: feature id)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/occupied_share.py" line="103"/>
        <source>Statuses counted as occupied (comma separated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/compare_claims.py" line="95"/>
        <source>Claims compared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/compare_claims.py" line="110"/>
        <source>The claims table has no field &apos;{}&apos; ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/compare_claims.py" line="141"/>
        <source>claim {}: &apos;{}&apos; is not a date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/compare_claims.py" line="147"/>
        <source>claim {}: &apos;{}&apos; is not a percentage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/compare_claims.py" line="151"/>
        <source>claim {}: no area named &apos;{}&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/corridor.py" line="112"/>
        <source>Area (polygon)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_framing.py" line="59"/>
        <source>Rear point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/base.py" line="289"/>
        <source>Hostile statuses (comma separated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/base.py" line="279"/>
        <source>Sources (comma separated; empty: each source)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/base.py" line="282"/>
        <source>Dates (2025-11-20, 2025-10-01..2025-12-31, 2025-10-01/7, all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/corridor.py" line="116"/>
        <source>Search radius (metres; 0: 1.5 x the area-rear distance, min 20 km)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/corridor.py" line="122"/>
        <source>Corridor widths</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/corridor.py" line="124"/>
        <source>Corridor throats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/corridor.py" line="126"/>
        <source>Friendly passage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/corridor.py" line="128"/>
        <source>Corridor centreline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/corridor.py" line="168"/>
        <source>The area layer has no polygon with a geometry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/corridor.py" line="179"/>
        <source>Corridor: {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/corridor.py" line="180"/>
        <source>Rear point {:.0f} m from the area&apos;s centre; search radius {:.0f} m.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/territory_change.py" line="145"/>
        <source>DATES: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_line.py" line="119"/>
        <source>DATES selects no day with a snapshot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/corridor.py" line="241"/>
        <source>Corridor on {} ({}) failed: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/corridor.py" line="226"/>
        <source>{} {}: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/corridor.py" line="226"/>
        <source>{:.0f} m wide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/corridor.py" line="226"/>
        <source>cut off ({})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/corridor.py" line="294"/>
        <source>Cannot write a corridor output feature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/encirclement.py" line="119"/>
        <source>Areas (polygons or points)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_summary.py" line="122"/>
        <source>Area name field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/encirclement.py" line="124"/>
        <source>Radii in metres (comma separated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/kmz.py" line="404"/>
        <source>Encirclement arcs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/encirclement.py" line="147"/>
        <source>Area &apos;{}&apos; has no geometry; skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/encirclement.py" line="147"/>
        <source>The area layer has no feature with a geometry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/encirclement.py" line="155"/>
        <source>RADIUS_M must be positive numbers in metres, comma separated: &apos;{}&apos; is not.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/base.py" line="299"/>
        <source>Control layer &apos;{}&apos; has no feature with status {} {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/encirclement.py" line="195"/>
        <source>Enclosure of &apos;{}&apos; at {} m on {} ({}) failed: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/encirclement.py" line="201"/>
        <source>{} dates, {} areas, {} radii, {} sources.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/encirclement.py" line="219"/>
        <source>Cannot write a row of the enclosed-degrees table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/encirclement.py" line="232"/>
        <source>Cannot write an encirclement arc.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="179"/>
        <source>Project file (empty: the current project)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="179"/>
        <source>QGIS projects (*.qgz *.qgs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="182"/>
        <source>Situation date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="184"/>
        <source>Dates for an atlas or animation (e.g. 2025-11-01..2025-11-20)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="187"/>
        <source>Map extent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="191"/>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/receipt.py" line="372"/>
        <source>Situation map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="192"/>
        <source>Subtitle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="193"/>
        <source>Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="195"/>
        <source>Own layout template (.qpt), instead of the template above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="198"/>
        <source>Page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="200"/>
        <source>Format (empty: from the output file name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="203"/>
        <source>Resolution (dots per inch)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="206"/>
        <source>Handling / classification line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="207"/>
        <source>Control layer for the figures (default: the first visible one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="210"/>
        <source>Figures: areas of interest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="213"/>
        <source>Figures: area name field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="216"/>
        <source>Figures: rear point for the corridor width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="218"/>
        <source>Figures: radius of enclosed degrees (metres)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="238"/>
        <source>Several dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="240"/>
        <source>Animation: time per frame (milliseconds)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="243"/>
        <source>Map product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="246"/>
        <source>Files written (&apos;;&apos;-separated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="247"/>
        <source>Pages or frames written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="248"/>
        <source>Dates exported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="330"/>
        <source>Exporting {} date(s) as {}: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="391"/>
        <source>FORMAT is {} but the output &apos;{}&apos; ends in &apos;.{}&apos;: name the file *.{}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="400"/>
        <source>The template file &apos;{}&apos; does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="414"/>
        <source>CONTROL: layer &apos;{}&apos; is not a control layer (it needs valid_from, valid_to, status and source fields).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="432"/>
        <source>DATES &apos;{}&apos; selects no snapshot date{}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="432"/>
        <source> of &apos;{}&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="439"/>
        <source>Give DATE or DATES: there is no control layer to take the latest snapshot date from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/snapshot_at.py" line="80"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_line.py" line="74"/>
        <source>Statuses (comma separated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_line.py" line="79"/>
        <source>Mask (country outline, land)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_line.py" line="82"/>
        <source>Mask tolerance (metres)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_line.py" line="85"/>
        <source>Front line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_line.py" line="93"/>
        <source>The mask &apos;{}&apos; is not a polygon layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_line.py" line="105"/>
        <source>The mask &apos;{}&apos; has no polygon.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_line.py" line="106"/>
        <source>Mask: {} polygon(s) of &apos;{}&apos;, tolerance applied along its edge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/snapshot_at.py" line="93"/>
        <source>No date (DATE) given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_line.py" line="130"/>
        <source>Give at least one status (STATUSES), e.g. occupied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_line.py" line="153"/>
        <source>No control polygon with status {} is valid on {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_line.py" line="175"/>
        <source>{}: front line {:.1f} km.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/geodesic_arc.py" line="52"/>
        <source>Centre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/geodesic_arc.py" line="53"/>
        <source>Radius (metres)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/geodesic_arc.py" line="56"/>
        <source>Start azimuth (degrees clockwise from north)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/geodesic_arc.py" line="60"/>
        <source>End azimuth (degrees clockwise from north)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/geodesic_arc.py" line="64"/>
        <source>Segments (0: from the maximum segment length)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/geodesic_arc.py" line="68"/>
        <source>Maximum segment length (metres)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/geodesic_arc.py" line="71"/>
        <source>Geodesic arc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/geodesic_arc.py" line="78"/>
        <source>The centre {} is not a valid longitude/latitude.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/geodesic_arc.py" line="88"/>
        <source>Start and end azimuth are both {}: the arc would be empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/geodesic_arc.py" line="91"/>
        <source>Arc of {:.3f} degrees, radius {:.3f} m, {} segments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="151"/>
        <source>Snapshot files or layers (or a folder)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="154"/>
        <source>Folder of snapshot files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="157"/>
        <source>Dates from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="157"/>
        <source>the file names (YYYYMMDD, YYYY-MM-DD, DD.MM.YYYY)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="157"/>
        <source>a field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="161"/>
        <source>Date field (when dates come from a field)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="163"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="53"/>
        <source>Side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="167"/>
        <source>Source (empty: the file name before its date)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="170"/>
        <source>Confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="172"/>
        <source>Status field (overrides Status)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="172"/>
        <source>Side field (overrides Side)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="172"/>
        <source>Source field (overrides Source)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="172"/>
        <source>Confidence field (overrides Confidence)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.py" line="199"/>
        <source>Situation store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.py" line="86"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="183"/>
        <source>Rows imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="184"/>
        <source>Rows already in the store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="185"/>
        <source>First date imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="186"/>
        <source>Last date imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="187"/>
        <source>Missing days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="188"/>
        <source>Number of missing days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="231"/>
        <source>Nothing to import: give snapshot files, layers or a folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="220"/>
        <source>The folder &apos;{}&apos; holds no snapshot file (*.geojson, *.json, *.gpkg, *.shp, *.fgb, *.kml).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="228"/>
        <source>&apos;{}&apos; is neither a file, a folder nor a layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="234"/>
        <source>{}: not a vector layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="242"/>
        <source>Dates come from a field, but no DATE_FIELD is given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="250"/>
        <source>A status is needed (STATUS or STATUS_FIELD).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/store_writer.py" line="51"/>
        <source>Import cancelled; the store was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="350"/>
        <source>{} and {} are both snapshots of {} for source &apos;{}&apos; and status &apos;{}&apos;; import only one of them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="346"/>
        <source>{}: {} of &apos;{}&apos; ({}) is already in the store; skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="339"/>
        <source>{}: no polygon to import (the file is empty or every geometry is empty); skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="356"/>
        <source>{}: the polygons of {} are empty after repair; skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="379"/>
        <source>{} missing day(s) in the date series: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="380"/>
        <source>Imported {} row(s), skipped {} already in the store, repaired {} geometr(y/ies).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/snapshot_rows.py" line="101"/>
        <source>{}: feature {} has an empty geometry; skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/snapshot_rows.py" line="105"/>
        <source>{}: feature {} is a {}, not a polygon; snapshots must be polygons.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/snapshot_rows.py" line="115"/>
        <source>{}: feature {} has no date in field &apos;{}&apos; (value: {}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/snapshot_rows.py" line="131"/>
        <source>{}: feature {} has no status (field &apos;{}&apos; is empty and STATUS is not set).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/snapshot_rows.py" line="140"/>
        <source>{}: features of {} ({}, {}) differ in side or confidence; the row keeps &apos;{}&apos; / &apos;{}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/snapshot_rows.py" line="168"/>
        <source>feature {} repaired (area change {:.3f} %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/snapshot_rows.py" line="169"/>
        <source>{}: the geometry of feature {} ({}) was invalid and was repaired; its area changed by {:.3f} %.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/share_series.py" line="65"/>
        <source>Area &apos;{}&apos; (feature {}): {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/share_series.py" line="67"/>
        <source>the area has no area: no share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/share_series.py" line="68"/>
        <source>Area &apos;{}&apos; (feature {}) has zero area: its shares are NULL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/base.py" line="123"/>
        <source>no {} snapshot valid on {} (the last one, of {}, ended on {})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/base.py" line="126"/>
        <source>no snapshot on or before {} from {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/share_series.py" line="313"/>
        <source>{} on {} (control features {}): {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/share_series.py" line="317"/>
        <source>{}: no {} snapshot on that day; the one of {} is used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/occupied_share.py" line="103"/>
        <source>Statuses added for the upper bound (e.g. contested)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/share_series.py" line="44"/>
        <source>The areas have no field &apos;{}&apos; (AREA_NAME_FIELD).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/share_series.py" line="48"/>
        <source>The areas layer has no features.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/territory_change.py" line="132"/>
        <source>STATUSES is empty: give at least one status, e.g. occupied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/territory_change.py" line="138"/>
        <source>Layer &apos;{}&apos; has no control feature with status {}{}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/territory_change.py" line="138"/>
        <source> from source {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/occupied_share.py" line="197"/>
        <source>DATES &apos;{}&apos; selects no day (snapshots run from {} to {}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/occupied_share.py" line="200"/>
        <source>{} areas, {} sources ({}), {} dates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/route_buffer.py" line="68"/>
        <source>Routes (lines)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/route_buffer.py" line="70"/>
        <source>Route name field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/route_buffer.py" line="73"/>
        <source>Half width (metres on each side)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/route_buffer.py" line="77"/>
        <source>Route buffers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/route_buffer.py" line="79"/>
        <source>Route buffers, friendly part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/route_buffer.py" line="81"/>
        <source>Route threat table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/route_buffer.py" line="114"/>
        <source>Route &apos;{}&apos; has no geometry; skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/route_buffer.py" line="119"/>
        <source>The route layer has no line with a geometry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/route_buffer.py" line="205"/>
        <source>Cannot write a route buffer output feature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/snapshot_at.py" line="45"/>
        <source>{} / {}: the snapshot of {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/snapshot_at.py" line="47"/>
        <source>{} / {}: no snapshot on {}; showing the latest earlier one, of {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/snapshot_at.py" line="86"/>
        <source>Control polygons on the date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/snapshot_at.py" line="99"/>
        <source>No control polygon of {} is valid on {}{}{}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/snapshot_at.py" line="99"/>
        <source>; statuses: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/snapshot_at.py" line="99"/>
        <source>; sources: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/algorithm_runner.py" line="90"/>
        <source>Algorithm {} is not available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/algorithm_runner.py" line="173"/>
        <source>{} was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/algorithm_runner.py" line="175"/>
        <source>see the log for details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/control_choices.py" line="62"/>
        <source>{}: {} features, {} sources.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.py" line="242"/>
        <source>Choose an areas layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.py" line="245"/>
        <source>Choose a control layer or a store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.py" line="248"/>
        <source>Check at least one status counted as occupied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.py" line="251"/>
        <source>Check at least one source.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.py" line="254"/>
        <source>No area is selected in &apos;{}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.py" line="292"/>
        <source>Measuring…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.py" line="326"/>
        <source>{} rows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="209"/>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/share_chart.py" line="18"/>
        <source>Occupied share (percent) per area and source over time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_chart.py" line="54"/>
        <source>occupied share (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_front.py" line="144"/>
        <source>No result yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/chart_canvas.py" line="367"/>
        <source>There is no chart: matplotlib is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.py" line="433"/>
        <source>Save the chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.py" line="433"/>
        <source>PNG image (*.png);;SVG image (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.py" line="444"/>
        <source>Save the table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.py" line="444"/>
        <source>CSV file (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.py" line="455"/>
        <source>Cannot write {}: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.py" line="461"/>
        <source>Saved {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.py" line="492"/>
        <source>{} rows restored from the project.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/drawing_summary.py" line="52"/>
        <source>Drawings go to the store&apos;s drawings tables; Save writes them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/drawing_summary.py" line="51"/>
        <source>No store open: drawings go to memory layers under &apos;Drawings&apos; and are not saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.py" line="318"/>
        <source>No store open: drawings go to the memory layers under &apos;Drawings&apos; and are not saved with a store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.py" line="341"/>
        <source>Draw encirclement arc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.py" line="345"/>
        <source>The arc was not stored: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.py" line="361"/>
        <source>Draw corridor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.py" line="364"/>
        <source>The corridor was not stored: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.py" line="382"/>
        <source>Drawings kept in memory layers: open a store to save them in it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.py" line="405"/>
        <source>Choose an area layer and a control layer first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.py" line="424"/>
        <source>Encirclement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.py" line="434"/>
        <source>Corridor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.py" line="438"/>
        <source>A computation is already running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.py" line="447"/>
        <source>{} running…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.py" line="472"/>
        <source>{} did not finish.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.py" line="493"/>
        <source>{} finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/drawing_summary.py" line="27"/>
        <source>{} {} at {:.0f} m: {:.1f}° enclosed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/drawing_summary.py" line="34"/>
        <source>{}: {} ({:.0f} m)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.py" line="75"/>
        <source>Own template file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.py" line="339"/>
        <source>Choose an output file first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.py" line="343"/>
        <source>Map export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.py" line="349"/>
        <source>Exporting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.py" line="375"/>
        <source>Written: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.py" line="380"/>
        <source>Export failed: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.py" line="380"/>
        <source>see the log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_dock.py" line="40"/>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_dock.py" line="43"/>
        <source>Situation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_dock.py" line="46"/>
        <source>Analysis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_dock.py" line="82"/>
        <source>Draw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_dock.py" line="85"/>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_preview.py" line="47"/>
        <source>same date as {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_preview.py" line="57"/>
        <source>No snapshot files (GeoJSON, GeoPackage, Shapefile...) in this folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_preview.py" line="61"/>
        <source>{} files, none with a usable date in its name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_preview.py" line="64"/>
        <source>{} files to import, {} to {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_preview.py" line="66"/>
        <source>; {} missing days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_preview.py" line="68"/>
        <source>; {} files left out (see the table)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/snapshot_labels.py" line="28"/>
        <source>{} (no snapshot valid on this day)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/snapshot_labels.py" line="31"/>
        <source>{} (snapshot of {})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/snapshot_labels.py" line="34"/>
        <source>{} (snapshots: {})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.py" line="87"/>
        <source>Open or create a situation store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.py" line="89"/>
        <source>Folder of dated snapshot files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.py" line="227"/>
        <source>{} is not a situation store: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.py" line="285"/>
        <source>(no source)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.py" line="289"/>
        <source>Show the situation layers of {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.py" line="325"/>
        <source>Choose a situation store with snapshots first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_preview.py" line="83"/>
        <source>Not imported: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_box.py" line="90"/>
        <source>Choose a folder of snapshot files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_box.py" line="119"/>
        <source>No file with a date in its name to import.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_box.py" line="121"/>
        <source>Give the status of the imported ground (e.g. occupied).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_box.py" line="123"/>
        <source>Give the source of the snapshots (e.g. DeepStateMap).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_box.py" line="129"/>
        <source>Import of {} snapshots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_box.py" line="183"/>
        <source>Imported {} snapshots ({} to {}) into {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_box.py" line="187"/>
        <source>{} skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.py" line="400"/>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.py" line="400"/>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.py" line="442"/>
        <source>The project&apos;s situation store {} was not found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.py" line="460"/>
        <source>No date shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/legend.py" line="136"/>
        <source>The legend is larger than its frame in the template: the frame grew to show every entry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/drawing_summary.py" line="32"/>
        <source>{}: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/location.py" line="97"/>
        <source>&apos;{}&apos; is not a PostGIS store location (postgres:service=... schema=...).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/location.py" line="113"/>
        <source>The PostGIS store location &apos;{}&apos; names no database (service=, connection=, host= or dbname=).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/location.py" line="162"/>
        <source>QGIS has no PostgreSQL provider here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/location.py" line="166"/>
        <source>No QGIS PostgreSQL connection named &apos;{}&apos; ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/location.py" line="168"/>
        <source>No QGIS PostgreSQL connection named &apos;{}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/location.py" line="193"/>
        <source>QGIS&apos;s authentication manager could not expand the authentication configuration &apos;{}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/location.py" line="206"/>
        <source>PostGIS stores need the Python module psycopg2 (Debian: python3-psycopg2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/location.py" line="213"/>
        <source>Cannot connect to the PostGIS store &apos;{}&apos;: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/migrations.py" line="358"/>
        <source>The PostGIS store &apos;{}&apos; uses store schema {}, newer than this plugin&apos;s {}; update Situation Mapper.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/migrations.py" line="331"/>
        <source>The schema &apos;{}&apos; already holds a situation store; choose another schema or overwrite it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/migrations.py" line="337"/>
        <source>Cannot create the PostGIS store &apos;{}&apos;: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/migrations.py" line="352"/>
        <source>The database has no schema &apos;{}&apos; (no situation store there yet).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/migrations.py" line="356"/>
        <source>The schema &apos;{}&apos; is not a situation store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/reading.py" line="72"/>
        <source>Cannot open the control table of the PostGIS store &apos;{}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/reading.py" line="85"/>
        <source>Cannot open the table &apos;{}&apos; of the PostGIS store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/edit_guard.py" line="72"/>
        <source>{} feature {} does not exist (deleted by another analyst?).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/update.py" line="129"/>
        <source>&apos;{}&apos; is not a table of a situation store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/edit_guard.py" line="53"/>
        <source>&apos;{}&apos; is not a field of {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/edit_guard.py" line="95"/>
        <source>Layer &apos;{}&apos; has no row_version field: not a table of a PostGIS situation store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/update.py" line="122"/>
        <source>&apos;{}&apos; is not a drawings table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/update.py" line="154"/>
        <source>Cannot commit to &apos;{}&apos;: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/copy.py" line="84"/>
        <source>The target store already holds control rows; copy into a new or empty store, or overwrite it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/copy.py" line="110"/>
        <source>Copy cancelled; the target was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/copy.py" line="136"/>
        <source>Copy check failed: the target holds {} control rows per series, the source {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/copy.py" line="145"/>
        <source>Copy check failed: the target holds {} sources, the source {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/copy.py" line="147"/>
        <source>Copy check failed: the target&apos;s {} holds {} rows, the source {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/copy_store.py" line="55"/>
        <source>Store to copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/copy_store.py" line="59"/>
        <source>Target store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/copy_store.py" line="57"/>
        <source>Overwrite the target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/copy_store.py" line="60"/>
        <source>Control rows copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/copy_store.py" line="61"/>
        <source>Sources copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/copy_store.py" line="62"/>
        <source>Drawings copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/copy_store.py" line="69"/>
        <source>Give the store to copy and the target store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/copy_store.py" line="71"/>
        <source>The store to copy and the target are the same.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/copy_store.py" line="78"/>
        <source>{} / {}: {} row(s) copied and counted in the target.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.py" line="342"/>
        <source>{} gave no rows: none of its features has a status counted as occupied ({}); its statuses: {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.py" line="346"/>
        <source>{} gave no rows: no feature with the counted statuses ({}) on these dates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.py" line="410"/>
        <source>&apos;Selected features only&apos; is checked but no area of &apos;{}&apos; is selected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.py" line="491"/>
        <source>all dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.py" line="492"/>
        <source>{} ({})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/drawing_summary.py" line="43"/>
        <source>… and {} more rows in the layer '{}'</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.py" line="130"/>
        <source>One date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.py" line="132"/>
        <source>Export the situation of the single date above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.py" line="133"/>
        <source>Date range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.py" line="135"/>
        <source>Export every date of the date range: an atlas, one file per date or an animation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.py" line="146"/>
        <source>Export one date or a range of dates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.py" line="235"/>
        <source>No preview yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_dock.py" line="40"/>
        <source>Start: introduction and shortcuts to the algorithms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_dock.py" line="43"/>
        <source>Situation: store, import, sources and the date shown on the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_dock.py" line="46"/>
        <source>Analysis: occupied share per area, date and source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_dock.py" line="52"/>
        <source>Draw: encirclement arcs and corridors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_dock.py" line="55"/>
        <source>Export: dated map products</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/snapshot_labels.py" line="87"/>
        <source>Source {}, status {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/snapshot_labels.py" line="87"/>
        <source>First snapshot {}, last snapshot {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/snapshot_labels.py" line="87"/>
        <source>{} snapshot dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/snapshot_labels.py" line="87"/>
        <source>{} features (rows of the control table)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/snapshot_labels.py" line="69"/>
        <source>snapshot {} days old</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/snapshot_labels.py" line="72"/>
        <source>{}: the map shows ground as it was {} days before the day shown (more than {} days), not as it is on that day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/drawings.py" line="234"/>
        <source>Not saved: drawing(s) {} of &apos;{}&apos; were deleted by another analyst after you started editing. Your edits are kept: copy what you need, then discard them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/drawings.py" line="240"/>
        <source>Not saved: you deleted {} of &apos;{}&apos;, which {} after you started editing. Your edits are kept: discard them and reload to see the change, then delete again if you still want to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/drawings.py" line="240"/>
        <source>{} changed at {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/drawings.py" line="240"/>
        <source>another analyst</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/drawings.py" line="256"/>
        <source>Not saved: {}. Your edits are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/location.py" line="107"/>
        <source>The PostGIS store location &apos;{}&apos; names no schema (add schema=NAME, the situation).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/migrations.py" line="230"/>
        <source>Name a schema for the store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/migrations.py" line="232"/>
        <source>&apos;{}&apos; is a system schema: name a schema of the store&apos;s own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/migrations.py" line="234"/>
        <source>A new store&apos;s schema name has lower-case letters, digits and underscores only (at most 63, not starting with a digit), e.g. pokrovsk_2025: &apos;{}&apos; is not one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/update.py" line="324"/>
        <source>&apos;{}&apos; is not a drawings table of a situation store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/tables.py" line="84"/>
        <source>Cannot create the table &apos;{}&apos; ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/territory_change.py" line="331"/>
        <source>invalid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/territory_change.py" line="342"/>
        <source>Control feature {} ({}, {}, from {}) is not a valid polygon ({}): measured as repaired.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/territory_change.py" line="346"/>
        <source>… and {} more invalid control features, repaired the same way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/share_series.py" line="294"/>
        <source>The database could not measure the shares: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/occupied_share.py" line="108"/>
        <source>Where to measure (PostGIS stores)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/occupied_share.py" line="115"/>
        <source>Where it was measured (PostGIS stores: desktop or database, and why)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/share_backends.py" line="72"/>
        <source>METHOD database needs CONTROL to be a PostGIS situation store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/occupied_share.py" line="160"/>
        <source>{} rows: {} dates × {} areas × {} sources ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/occupied_share.py" line="160"/>
        <source>measured in the database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/occupied_share.py" line="160"/>
        <source>measured from the changed edges; {} area-days by GEOS overlay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/share_backends.py" line="51"/>
        <source>Measured on the {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/share_backends.py" line="52"/>
        <source>Measured on the {} (estimated {:.1f} s on the desktop, {:.1f} s in the database).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/drawing_summary.py" line="54"/>
        <source>Team store: a drawing another analyst saved meanwhile is not overwritten; Save says who changed it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/postgis_store_dialog.py" line="29"/>
        <source>QGIS connection: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/postgis_store_dialog.py" line="30"/>
        <source>pg_service entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/postgis_store_dialog.py" line="80"/>
        <source>Choose a QGIS connection or name a pg_service entry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/postgis_store_dialog.py" line="85"/>
        <source>Cannot read the database: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/postgis_store_dialog.py" line="88"/>
        <source>{} situation store(s) in this database. Type a new name to start one: the first import creates it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/postgis_store_dialog.py" line="88"/>
        <source>No situation store in this database yet: type a schema name; the first import creates it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.py" line="260"/>
        <source>{} The first import creates it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.py" line="262"/>
        <source>The PostGIS store {} cannot be read: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_box.py" line="114"/>
        <source>Choose or name a situation store (.gpkg or PostGIS) first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_box.py" line="116"/>
        <source>The situation store must be a GeoPackage (.gpkg) or a PostGIS store (postgres:service=... schema=...): {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/route_buffer.py" line="153"/>
        <source>{}: {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/__init__.py" line="82"/>
        <source>PostGIS team store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/__init__.py" line="82"/>
        <source>GeoPackage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/__init__.py" line="141"/>
        <source>Cannot open a control layer from &apos;{}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/__init__.py" line="216"/>
        <source>Cannot open the table &apos;{}&apos; of &apos;{}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/__init__.py" line="305"/>
        <source>&apos;{}&apos; is not a store in a database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/__init__.py" line="58"/>
        <source>&apos;{}&apos; could not be upgraded from store schema {} to {}: {} (the file was not changed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/tables.py" line="115"/>
        <source>Cannot set the schema version ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/time_columns.py" line="127"/>
        <source>Cannot add the field {} to {} ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/update.py" line="354"/>
        <source>Cannot write a row into &apos;{}&apos; ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_dock.py" line="68"/>
        <source>Create or open a store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_dock.py" line="68"/>
        <source>Situation tab: a GeoPackage file or a team store (PostGIS).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_dock.py" line="71"/>
        <source>Import dated snapshots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_dock.py" line="71"/>
        <source>Situation tab: a folder of files with the date in their names; then add the layers and pick a day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_dock.py" line="75"/>
        <source>Add areas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_dock.py" line="75"/>
        <source>Add a polygon layer of areas (towns, districts); every tab uses it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_dock.py" line="79"/>
        <source>Analyse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_dock.py" line="79"/>
        <source>Analysis tab: the occupied share of each area, per day and source.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_dock.py" line="82"/>
        <source>Draw tab: encirclement arcs and corridors on the map.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_dock.py" line="85"/>
        <source>Export tab: a dated map (PDF, PNG, SVG, GIF or MP4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/start_panel.py" line="46"/>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/start_panel.py" line="68"/>
        <source>Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/start_panel.py" line="69"/>
        <source>Open the tab for: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/start_panel.py" line="99"/>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/start_panel.py" line="99"/>
        <source>To do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/corridor.py" line="119"/>
        <source>Trend window (days)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/corridor.py" line="249"/>
        <source>no trend: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/corridor.py" line="254"/>
        <source>no trend: no width on {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_front.py" line="166"/>
        <source>extrapolation at the trend of the last {} days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_distance.py" line="77"/>
        <source>Targets (points or polygons)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_distance.py" line="77"/>
        <source>Target name field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_distance.py" line="82"/>
        <source>Approach-rate window (days)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="306"/>
        <source>Distance to the front</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_distance.py" line="87"/>
        <source>Lines to the nearest hostile point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_distance.py" line="104"/>
        <source>Target &apos;{}&apos; has no geometry; skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_distance.py" line="104"/>
        <source>The target layer has no feature with a geometry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_distance.py" line="112"/>
        <source>WINDOW_DAYS must be at least 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_distance.py" line="133"/>
        <source>Distance of &apos;{}&apos; on {} ({}) failed: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_distance.py" line="137"/>
        <source>no hostile ground from {} on {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_distance.py" line="157"/>
        <source>no approach rate: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_distance.py" line="167"/>
        <source>{} {}: {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_distance.py" line="171"/>
        <source>{} dates, {} targets, {} sources.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_distance.py" line="184"/>
        <source>Cannot write a row of the distance table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_distance.py" line="189"/>
        <source>{}: {:.1f} km ({}, {})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_distance.py" line="192"/>
        <source>Cannot write a line to the nearest hostile point.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_line.py" line="167"/>
        <source>{} on {}: no front line left (all of the boundary follows the mask&apos;s edge).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_line.py" line="177"/>
        <source>{} on {}: no snapshot valid on that day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/drawing_summary.py" line="37"/>
        <source>, trend {:+.1f} m/day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/drawing_summary.py" line="40"/>
        <source>, closure estimate (extrapolation): {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/store_writer.py" line="26"/>
        <source>No situation store ({}) given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_rows.py" line="50"/>
        <source>no geometry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_rows.py" line="53"/>
        <source>its geometry cannot be converted to longitude/latitude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_rows.py" line="60"/>
        <source>its geometry holds several points; an event is one place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_rows.py" line="70"/>
        <source>no longitude/latitude and no WKT geometry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_rows.py" line="74"/>
        <source>&apos;{}&apos; is not a WKT geometry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_rows.py" line="82"/>
        <source>&apos;{}&apos; is not a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_rows.py" line="102"/>
        <source>{}: the file is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_rows.py" line="110"/>
        <source>{}: no longitude and latitude columns (lon/longitude/x, lat/latitude/y) and no WKT column; name them with LON_FIELD and LAT_FIELD or WKT_FIELD. Its columns: {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_rows.py" line="114"/>
        <source>{}: no date column (date, datetime, event_date, time); name it with TIME_FIELD. Its columns: {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_rows.py" line="120"/>
        <source>line {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_rows.py" line="134"/>
        <source>{}: not UTF-8 text ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_rows.py" line="136"/>
        <source>{}: not a readable CSV file ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_rows.py" line="162"/>
        <source>{}: not a readable event file ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_rows.py" line="162"/>
        <source>no layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_rows.py" line="176"/>
        <source>{}: no date field (date, datetime, event_date, time, timestamp); name it with TIME_FIELD. Its fields: {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_rows.py" line="201"/>
        <source>feature {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_events.py" line="107"/>
        <source>Event file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="282"/>
        <source>Event files (*.csv *.txt *.geojson *.json *.gpkg *.shp *.kml *.kmz *.fgb)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_events.py" line="112"/>
        <source>Type (when the file has none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_events.py" line="114"/>
        <source>Source (empty: the file name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_events.py" line="116"/>
        <source>Verification (when the file has none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_events.py" line="119"/>
        <source>Side (when the file has none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_events.py" line="121"/>
        <source>Skip invalid rows (import the good ones)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_events.py" line="125"/>
        <source>Events imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_events.py" line="126"/>
        <source>Invalid rows skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_events.py" line="127"/>
        <source>Skipped rows and why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_events.py" line="128"/>
        <source>Events already in the store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_events.py" line="129"/>
        <source>First event time (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_events.py" line="130"/>
        <source>Last event time (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_events.py" line="135"/>
        <source>No event file (INPUT) given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_events.py" line="152"/>
        <source>{}: {} row(s); columns used: {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_events.py" line="156"/>
        <source>{}: {} invalid row(s), nothing imported (the store is unchanged; SKIP_INVALID imports the good rows): {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_events.py" line="160"/>
        <source>{}, {}: skipped: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_events.py" line="167"/>
        <source>Imported {} event(s) from {}; {} already in the store, {} invalid row(s) skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_events.py" line="223"/>
        <source>{} event(s) imported, {} already in the store, {} invalid row(s) skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/events.py" line="115"/>
        <source>the column &apos;{}&apos; given for {} is not in the file (its columns: {})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/events.py" line="143"/>
        <source>no date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/events.py" line="167"/>
        <source>&apos;{}&apos; is not a date (use an ISO date such as 2025-11-20 or a date-time such as 2025-11-20T14:05Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/events.py" line="179"/>
        <source>{} &apos;{}&apos; is not a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/events.py" line="191"/>
        <source>no longitude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/events.py" line="193"/>
        <source>no latitude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/events.py" line="194"/>
        <source>longitude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/events.py" line="194"/>
        <source>latitude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/events.py" line="196"/>
        <source>longitude {} is not between -180 and 180</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/events.py" line="198"/>
        <source>latitude {} is not between -90 and 90</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/events.py" line="223"/>
        <source>verification &apos;{}&apos; is not one of {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/events.py" line="231"/>
        <source>side &apos;{}&apos; is not one of {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/events.py" line="237"/>
        <source>precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/events.py" line="239"/>
        <source>precision {} m is negative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/events.py" line="247"/>
        <source>strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/events.py" line="251"/>
        <source>strength &apos;{}&apos; is not a whole number of people, groups or vehicles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/events.py" line="297"/>
        <source>and {} more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/events.py" line="54"/>
        <source>Infiltration group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/events.py" line="55"/>
        <source>Flag raised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/events.py" line="56"/>
        <source>Group eliminated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/events.py" line="57"/>
        <source>Strike</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/events.py" line="58"/>
        <source>Assault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/events.py" line="59"/>
        <source>Force estimate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/events.py" line="60"/>
        <source>Other report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/events.py" line="65"/>
        <source>confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/events.py" line="65"/>
        <source>claimed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/events.py" line="65"/>
        <source>unverified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/events.py" line="66"/>
        <source>refuted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/events.py" line="142"/>
        <source>Confirmed: filled symbol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/events.py" line="143"/>
        <source>Claimed: hollow symbol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/events.py" line="144"/>
        <source>Unverified: dashed ring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/events.py" line="146"/>
        <source>Refuted: hollow and crossed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_dock.py" line="49"/>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/__init__.py" line="226"/>
        <source>The store &apos;{}&apos; has no events table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/postgis/update.py" line="114"/>
        <source>&apos;{}&apos; is not a field of the table &apos;{}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="388"/>
        <source>Add event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="36"/>
        <source>At {:.5f}° E, {:.5f}° N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="42"/>
        <source>When it happened, in UTC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="43"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="48"/>
        <source>What was reported; type your own kind if none fits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="49"/>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="58"/>
        <source>confirmed: geolocated footage or several independent sources; claimed: one party&apos;s statement; unverified; refuted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="60"/>
        <source>Verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="62"/>
        <source>Who reported it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="106"/>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="65"/>
        <source>Where the report is; kept as text, never opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="66"/>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="76"/>
        <source>not given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="70"/>
        <source>A count: people, groups or vehicles.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="71"/>
        <source>Strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="77"/>
        <source>Precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="81"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="84"/>
        <source>Import events…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="85"/>
        <source>Read a CSV, GeoJSON, GeoPackage, Shapefile, KML or KMZ file of events into the store (a file with a bad row is refused, naming it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="87"/>
        <source>Show on map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="88"/>
        <source>Add the store&apos;s events layer to the map (it follows the day shown).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="93"/>
        <source>Shown for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="129"/>
        <source> day(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="98"/>
        <source>How long an event stays on the map from its day (its day included).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="106"/>
        <source>Time (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="118"/>
        <source>The events on the map for the day shown; click one to zoom to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="137"/>
        <source>Click the map where it happened, then fill in the short form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="138"/>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="139"/>
        <source>Take back the last unsaved change to the events.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="140"/>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="141"/>
        <source>Write the added events into the store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="192"/>
        <source>Store: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="192"/>
        <source>No store yet: create or open one in the Situation tab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="232"/>
        <source>Show the events on the map and pick a day in the Situation tab to list them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="255"/>
        <source>{} event(s) on the map for {} (from {}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="282"/>
        <source>Import events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="294"/>
        <source>Save or undo the events you added before importing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="297"/>
        <source>Importing events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="382"/>
        <source>The event was not added: {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="385"/>
        <source>The events layer cannot be edited.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="391"/>
        <source>The events layer refused the new event.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="414"/>
        <source>Events saved in {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_dock.py" line="49"/>
        <source>Events: reports with their source and verification, on the map and in a list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/battle_timeline.py" line="79"/>
        <source>Share counted as entry (percent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/battle_timeline.py" line="82"/>
        <source>Battle timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/battle_timeline.py" line="121"/>
        <source>never reached {} % in the series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/battle_timeline.py" line="131"/>
        <source>{} ({}): first entry on {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/change_evidence.py" line="136"/>
        <source>Distance from a change (m)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/change_evidence.py" line="139"/>
        <source>Days before the second date (empty: from the first date)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/change_evidence.py" line="142"/>
        <source>One feature per polygon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/change_evidence.py" line="144"/>
        <source>Changes with evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/change_evidence.py" line="146"/>
        <source>Event links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/change_evidence.py" line="147"/>
        <source>Events linked to a change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/change_evidence.py" line="148"/>
        <source>Events near no change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/change_evidence.py" line="195"/>
        <source>{} event(s) of &apos;{}&apos; from {} to {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/change_evidence.py" line="214"/>
        <source>{} event(s) have no place: linked to no change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/change_evidence.py" line="216"/>
        <source>{} change(s); {} event(s) linked to one or more, {} within {:g} m of none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/change_evidence.py" line="229"/>
        <source>DAYS must be 0 or more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/change_evidence.py" line="242"/>
        <source>The changes between the two dates could not be made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/change_evidence.py" line="293"/>
        <source>Cannot write change {} with its evidence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/change_evidence.py" line="307"/>
        <source>Cannot write the link of event {} to change {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_records.py" line="55"/>
        <source>Events layer or situation store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_records.py" line="66"/>
        <source>{}: there is no situation store at &apos;{}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_records.py" line="69"/>
        <source>{}: the situation store &apos;{}&apos; has no events table (import events into it first).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_records.py" line="75"/>
        <source>No events layer given in {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_records.py" line="88"/>
        <source>{}: &apos;{}&apos; is no situation store with an events table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_records.py" line="168"/>
        <source>Events layer &apos;{}&apos; has neither an event_day nor an event_time field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_records.py" line="186"/>
        <source>Event {} of &apos;{}&apos; has no date (event_day or event_time): left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_records.py" line="202"/>
        <source>Event {} of &apos;{}&apos; cannot be placed in {}: counted without a place.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_summary.py" line="120"/>
        <source>Areas (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/territory_change.py" line="108"/>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_summary.py" line="124"/>
        <source>day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_summary.py" line="124"/>
        <source>week (Monday to Sunday)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_summary.py" line="124"/>
        <source>month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_summary.py" line="127"/>
        <source>Dates (2025-11-01..2025-11-30, 2025-11-20; empty: all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_summary.py" line="130"/>
        <source>Types (comma separated; empty: all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_summary.py" line="132"/>
        <source>Verifications (comma separated; empty: all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_summary.py" line="134"/>
        <source>Event summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_summary.py" line="136"/>
        <source>Events counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_summary.py" line="164"/>
        <source>{} event(s) of &apos;{}&apos; match the dates, types and verifications.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_summary.py" line="188"/>
        <source>{} event(s) lie in none of the areas (or have no place): not counted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_summary.py" line="207"/>
        <source>{} event(s) counted in {} row(s), by {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_summary.py" line="227"/>
        <source>Area &apos;{}&apos; has no geometry: left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/event_summary.py" line="231"/>
        <source>AREAS has no polygon with a geometry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="373"/>
        <source>A KMZ needs a control layer: give CONTROL or show one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="177"/>
        <source>Licence of the source&apos;s data (empty: keep the store&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="177"/>
        <source>Web address of the source (empty: keep the store&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="177"/>
        <source>Attribution of the source (empty: keep the store&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/import_snapshots.py" line="404"/>
        <source>Source &apos;{}&apos;: {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/territory_change.py" line="102"/>
        <source>Areas (polygons; empty: all ground)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/territory_change.py" line="108"/>
        <source>Statuses of the held ground (comma separated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="245"/>
        <source>Ground gained and lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/territory_change.py" line="115"/>
        <source>Ground gained (polygons)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/territory_change.py" line="117"/>
        <source>Ground lost (polygons)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/territory_change.py" line="148"/>
        <source>PERIOD dates needs at least two dates in DATES (&apos;{}&apos; selects {}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/territory_change.py" line="148"/>
        <source>DATES &apos;{}&apos; selects no day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/territory_change.py" line="163"/>
        <source>{} periods ({}), {} sources ({}), {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/territory_change.py" line="163"/>
        <source>{} areas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts.py" line="200"/>
        <source>all ground</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/territory_change.py" line="212"/>
        <source>the period ends after the last {} snapshot ({}): measured to it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts.py" line="179"/>
        <source>gained</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts.py" line="180"/>
        <source>lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/territory_change.py" line="232"/>
        <source>{} rows; {} distinct pairs of days compared, {} of them from the changed edges alone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/territory_change.py" line="258"/>
        <source>{} from {} to {} (control features {}, {}): {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/territory_change.py" line="276"/>
        <source>the area has no area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/territory_change.py" line="286"/>
        <source>{}{:.2f} km² {}, {} to {} ({})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/kmz.py" line="266"/>
        <source>A KMZ needs a day or a range of days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/kmz.py" line="288"/>
        <source>still valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/kmz.py" line="289"/>
        <source>{}, valid from {} to {} (exclusive); confidence: {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/kmz.py" line="289"/>
        <source>not stated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/kmz.py" line="326"/>
        <source>{} arc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/kmz.py" line="328"/>
        <source>{:.0f}°</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/kmz.py" line="330"/>
        <source>at {:g} km</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/kmz.py" line="332"/>
        <source>Corridor throat {:.2f} km</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="106"/>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/kmz.py" line="388"/>
        <source>Situation from {} to {}, exported by Situation Mapper. Use the time slider to step through the snapshots.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/kmz.py" line="402"/>
        <source>Control</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/kmz.py" line="404"/>
        <source>Corridor throat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/kmz.py" line="404"/>
        <source>Corridor passage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/kmz.py" line="426"/>
        <source>Cannot write the KMZ &apos;{}&apos;: {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/receipt.py" line="347"/>
        <source>Cannot write the receipt &apos;{}&apos;: {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/receipt.py" line="360"/>
        <source>Situation as of {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/receipt.py" line="362"/>
        <source>Situation from {} to {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/receipt.py" line="374"/>
        <source>situation map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/sources.py" line="144"/>
        <source>computed by Situation Mapper from {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/sources.py" line="144"/>
        <source>computed by Situation Mapper</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/sources.py" line="149"/>
        <source>Licence not stated: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/sources.py" line="151"/>
        <source>Source and licence not stated: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/change_style.py" line="27"/>
        <source>Ground gained</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/change_style.py" line="27"/>
        <source>Ground lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../layers/drawings.py" line="251"/>
        <source>Not saved: {} Your edits are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/update.py" line="117"/>
        <source>Cannot write the store &apos;{}&apos; while it is open for editing ({}); nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/writer_lock.py" line="100"/>
        <source>The store &apos;{}&apos; is being written by another import or save (waited {:.0f} s); nothing was written. Try again when it has finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/writer_lock.py" line="115"/>
        <source>The store &apos;{}&apos; is already being written by this task; nothing more was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/writer_lock.py" line="156"/>
        <source>Cancelled while waiting for another writer of &apos;{}&apos;; nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/writer_lock.py" line="148"/>
        <source>Cannot write the store &apos;{}&apos;: its lock file &apos;{}&apos; cannot be opened ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/compare_layers.py" line="40"/>
        <source>Compare with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/compare_layers.py" line="42"/>
        <source>Show the ground gained (red) and lost (blue) between this date and the day the map shows; it follows the day as you step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/compare_layers.py" line="53"/>
        <source>The other date (earlier or later than the day shown).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/compare_layers.py" line="139"/>
        <source>Compare with {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/compare_layers.py" line="157"/>
        <source>The store has no occupied ground to compare.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/compare_layers.py" line="160"/>
        <source>No snapshot is valid on {}: the store&apos;s snapshots start on {}; compare with a later date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/compare_layers.py" line="183"/>
        <source>Change {} → {}: +{:.1f} km², −{:.1f} km²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dynamics_chart.py" line="31"/>
        <source>Ground gained and lost (km²) per period.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts.py" line="82"/>
        <source>shown: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts.py" line="196"/>
        <source>km² (lost below zero)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts.py" line="200"/>
        <source>Ground gained and lost, {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts.py" line="200"/>
        <source>Source: {}; held ground compared snapshot to snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_chart.py" line="68"/>
        <source>Events per ISO week (Monday to Sunday) by type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_chart.py" line="49"/>
        <source>events per week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_chart.py" line="40"/>
        <source>No events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="351"/>
        <source>Why the line moved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="122"/>
        <source>The ground gained and lost over the last days up to the day shown, each with the events within 2 km of it in that time (changeevidence), as a layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="128"/>
        <source>last </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="130"/>
        <source>How far back from the day shown the change is measured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="246"/>
        <source>{}, {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="322"/>
        <source>Pick a day in the Situation tab first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="349"/>
        <source>Changes {} to {} with their events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/events_panel.py" line="353"/>
        <source>{} change(s) from {} to {}, {} with events nearby; {} event(s) linked, {} near no change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="47"/>
        <source>Events per week by type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="47"/>
        <source>Ground gained and lost per month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="47"/>
        <source>Battle timelines (days since entry)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="200"/>
        <source>Choose a situation store with events for the events chart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="202"/>
        <source>Events per week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="202"/>
        <source>Counting events…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="221"/>
        <source>{} event(s) in {} week(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="238"/>
        <source>Choose a situation store for the ground gained and lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="245"/>
        <source>Measuring the ground gained and lost…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="257"/>
        <source>{} month(s): {:.1f} km² gained, {:.1f} km² lost{}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="257"/>
        <source> in {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="268"/>
        <source>Battle timelines need a situation store and a layer of areas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_chart.py" line="59"/>
        <source>Battle timelines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="272"/>
        <source>Measuring the battle timelines…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="286"/>
        <source>{} area(s) entered: {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_chart.py" line="68"/>
        <source>Occupied share of each area against the days since its first entry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_chart.py" line="40"/>
        <source>No area entered yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_chart.py" line="49"/>
        <source>{} (entered before {})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_chart.py" line="53"/>
        <source>days since first entry (share ≥ {:g} %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_chart.py" line="59"/>
        <source>Source: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/corridor.py" line="232"/>
        <source>{}: {} distinct hostile grounds solved, {} results reused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/encirclement.py" line="203"/>
        <source>{} distinct grounds measured, {} results reused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="188"/>
        <source>Frame the map on this area (or its selected features)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="221"/>
        <source>Focus area (its name in the area name field)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="223"/>
        <source>Routes to draw (roads, railways)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="226"/>
        <source>Published claims (date, area, claimed_pct, who)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="229"/>
        <source>Compare with this earlier date (two maps side by side)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="232"/>
        <source>Claims: days before the situation date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="236"/>
        <source>Chart with the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="249"/>
        <source>Map scale (the denominator)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="250"/>
        <source>Map extent, EPSG:4326 degrees (xmin,ymin,xmax,ymax)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/product_project.py" line="45"/>
        <source>No project to export: give PROJECT, a .qgz file, or CONTROL (a control layer or situation store) to build the map from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/export_map.py" line="473"/>
        <source>COMPARE_DATE {} must be earlier than the date(s) exported ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/figures.py" line="243"/>
        <source>Encirclement arcs at {:g} km,
{{day}}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/figures.py" line="265"/>
        <source>Corridor throat,
{day} (shortest
segment across)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/figures.py" line="266"/>
        <source>Friendly passage to
the rear, {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/figures.py" line="278"/>
        <source>Corridor {:.2f} km wide (the widest disc that passes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/figures.py" line="280"/>
        <source>; throat {:.2f} km across (the shortest segment at the narrowest)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/figures.py" line="324"/>
        <source>Ground gained and lost,
{} to {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/figures.py" line="353"/>
        <source>{}, {} since {}: {:.2f} km² gained, {:.2f} km² lost ({})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/product_basemap.py" line="30"/>
        <source>Basemap: XYZ tile URL (e.g. {}; empty: none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/product_basemap.py" line="32"/>
        <source>Basemap attribution (empty: the tile source&apos;s own)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/product_chart.py" line="74"/>
        <source>no table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/product_chart.py" line="108"/>
        <source>no control layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/product_chart.py" line="131"/>
        <source>no areas (AREAS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/product_chart.py" line="140"/>
        <source>no targets (AREAS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/product_chart.py" line="148"/>
        <source>it needs AREAS and REAR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/product_chart.py" line="158"/>
        <source>Chart ({}): not drawn, {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/product_chart.py" line="163"/>
        <source>Chart ({}): {} row(s) of {} over {} date(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/product_subject.py" line="43"/>
        <source>AREA has no feature with a geometry to frame the map on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/product_subject.py" line="83"/>
        <source>FOCUS_AREA &apos;{}&apos; needs AREA_NAME_FIELD, the field of AREAS naming the areas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/product_subject.py" line="88"/>
        <source>FOCUS_AREA: no area named &apos;{}&apos; in &apos;{}&apos; (field {}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/basemap.py" line="35"/>
        <source>BASEMAP &apos;{}&apos; is not an XYZ tile URL: it must start with http://, https:// or file://.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/basemap.py" line="41"/>
        <source>BASEMAP &apos;{}&apos; is not an XYZ tile URL template: it lacks {} (e.g. {}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/basemap.py" line="59"/>
        <source>local tiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/basemap.py" line="86"/>
        <source>Basemap ({})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/basemap.py" line="85"/>
        <source>attribution not stated ({})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts.py" line="191"/>
        <source>no figures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts.py" line="206"/>
        <source>{:.1f} km² gained, {:.1f} km² lost from {} to {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts.py" line="209"/>
        <source>No figures in these periods.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts.py" line="212"/>
        <source>Shaded: {} period(s) without figures (no snapshot valid at one end).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts.py" line="279"/>
        <source>Source: {}; share of each area&apos;s ellipsoidal area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_front.py" line="71"/>
        <source>The {} of {} targets nearest the front on the day shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_front.py" line="79"/>
        <source>{}: {:.1f} km on {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_front.py" line="83"/>
        <source>, closing at {:.1f} km a week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_front.py" line="84"/>
        <source>, receding at {:.1f} km a week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_front.py" line="90"/>
        <source>km to hostile ground</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_front.py" line="97"/>
        <source>Source: {}; geodesic distance to the nearest hostile ground (0: inside it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_front.py" line="148"/>
        <source>corridor width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_front.py" line="150"/>
        <source>Corridor width to the rear{}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_front.py" line="150"/>
        <source>, {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_front.py" line="150"/>
        <source>Source: {}; the widest disc that passes from the area to the rear point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_front.py" line="160"/>
        <source>trend of the last {} days: {:+.0f} m a day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_front.py" line="167"/>
        <source>{}: zero width around {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_front.py" line="179"/>
        <source>Corridor {:.2f} km wide on {}; {}: zero width around {} (not a forecast).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_front.py" line="182"/>
        <source>Corridor cut off on {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_front.py" line="184"/>
        <source>Corridor {:.2f} km wide on {}, {} over the last {} days ({:+.0f} m a day): no closure at this trend.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_front.py" line="184"/>
        <source>widening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_front.py" line="184"/>
        <source>steady</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_front.py" line="190"/>
        <source>width (km)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_layout.py" line="77"/>
        <source>not placed: only a PDF has a second page for it (give the template an item with id &apos;chart&apos; to have it on the page)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_layout.py" line="98"/>
        <source>in the template&apos;s item &apos;{}&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_layout.py" line="124"/>
        <source>on page {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_layout.py" line="130"/>
        <source>the chart ({}) is {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_layout.py" line="134"/>
        <source>not drawn: matplotlib is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_layout.py" line="135"/>
        <source>the chart needs matplotlib (Debian: apt install python3-matplotlib)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_product.py" line="120"/>
        <source>{}, as of {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_layout.py" line="142"/>
        <source>no figures for the chart ({})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/charts_product.py" line="123"/>
        <source>No figures for this chart (see the receipt).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/comparison_maps.py" line="84"/>
        <source>A: as of {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/comparison_maps.py" line="85"/>
        <source>B: as of {}, gained and lost since A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/content.py" line="52"/>
        <source>unattributed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/content.py" line="53"/>
        <source>{}, {}: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/content.py" line="55"/>
        <source>{} measured: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/events_box.py" line="63"/>
        <source>{} event(s) on the map, {} to {} (UTC), latest:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/events_box.py" line="72"/>
        <source>… {} more events (the Events panel lists them)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/events_box.py" line="79"/>
        <source>No event on the map, {} to {} (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/layout_builder.py" line="299"/>
        <source>the sources block is longer than the room under the figures; its end is cut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/overview.py" line="51"/>
        <source>Regions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/overview.py" line="52"/>
        <source>Countries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/product.py" line="159"/>
        <source>{}
front line of {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/product.py" line="237"/>
        <source>The basemap &apos;{}&apos; cannot be read as XYZ tiles.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/standalone.py" line="112"/>
        <source>&apos;{}&apos; cannot be filtered to {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/standalone.py" line="139"/>
        <source>Areas ({})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/standalone.py" line="139"/>
        <source>Routes ({})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/standalone.py" line="158"/>
        <source>gained since the first date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/standalone.py" line="158"/>
        <source>lost since the first date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/algorithm_runner.py" line="156"/>
        <source>The results cannot be read: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/algorithm_runner.py" line="161"/>
        <source>Reading the results of {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/compare_layers.py" line="51"/>
        <source>30 days before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_basemap.py" line="25"/>
        <source>Tiles drawn under the situation. They are fetched when the page is drawn: without network they are missing and the product is written all the same. Their attribution is added to the sources and the receipt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_basemap.py" line="40"/>
        <source>Basemap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_basemap.py" line="41"/>
        <source>Tile URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_basemap.py" line="42"/>
        <source>Attribution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_basemap.py" line="61"/>
        <source>what the tiles&apos; licence asks to be said</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_chart.py" line="38"/>
        <source>A chart of front dynamics with the map, marking each page&apos;s day, measured by the plugin&apos;s algorithms from the store and the figure areas. A PDF prints it on a second page (or in a template&apos;s &apos;chart&apos; item); other formats leave it out and say so.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_chart.py" line="43"/>
        <source>Chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_framing.py" line="42"/>
        <source>What the map is framed on, with a margin at a round scale: the map area layer (else the figure areas), the selected features of it (else of the figure areas), the current map extent, or the focus area of the situation context.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_framing.py" line="51"/>
        <source>Frame on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_framing.py" line="54"/>
        <source>lon, lat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_framing.py" line="55"/>
        <source>A point behind friendly lines, &apos;longitude, latitude&apos; in degrees (WGS84): the figures then give the corridor width to it, and the map shows its throat and passage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_framing.py" line="83"/>
        <source>The rear point must be &apos;longitude, latitude&apos; in degrees.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="47"/>
        <source>Corridor width and closure estimate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="50"/>
        <source>The figure shown: the occupied share of the results above; the events of the situation store per ISO week by type (situationmapper:eventsummary); or the ground gained and lost per month, in the focus area when one is set, else over all the data (situationmapper:territorychange); or the areas&apos; occupied shares against the days since each was first entered (situationmapper:battletimeline); or the distance from each area to the nearest hostile ground (situationmapper:frontdistance); or the corridor width from the focus area (else the first area) to the rear point, its trend and closure estimate (situationmapper:corridor). The last two are measured on the dates above (empty: every snapshot date).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="300"/>
        <source>The distance to the front needs a situation store and a layer of areas (the targets).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="306"/>
        <source>Measuring the distance to the front…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="317"/>
        <source>No distance measured (see the table&apos;s notes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="345"/>
        <source>The corridor chart needs a situation store, an area (the focus area, else the first) and a rear point (Draw tab).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="351"/>
        <source>Measuring the corridor…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="361"/>
        <source>No corridor width measured (see the table&apos;s notes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/front_charts.py" line="18"/>
        <source>Geodesic distance from each target to the nearest hostile ground (km) over the dates measured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/front_charts.py" line="32"/>
        <source>Corridor width to the rear point (km) over the dates measured, the trend of the last days and, while it narrows, where that trend reaches zero width (an extrapolation, dashed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/front_distance.py" line="169"/>
        <source>{} {}: {} (and {} more rows: see the table&apos;s note).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_basemap.py" line="34"/>
        <source>The XYZ tile URL template, with {z}, {x} and {y}, of other tiles.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_basemap.py" line="37"/>
        <source>What the tiles&apos; licence asks to be said; empty: the source&apos;s own (OpenStreetMap&apos;s for its tiles).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_focus.py" line="28"/>
        <source>The place the product is about, one of the figure areas: &apos;Frame on: Focus area&apos; frames the map on it, the figures table lists it, the claims and charts are of it. Shared with the other tabs and kept with the project.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_focus.py" line="35"/>
        <source>Focus area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_focus.py" line="38"/>
        <source>Claims table (*.csv *.gpkg *.xlsx *.ods);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_focus.py" line="39"/>
        <source>A table of published claims (columns date, area, claimed_pct, who): each claim for the focus area within the claims window before the day is printed beside the measured share, e.g. 'ISW, 26 Nov: 66 % · DeepStateMap measured: 44.7 %'.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_focus.py" line="70"/>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_focus.py" line="74"/>
        <source>{} (not among these areas)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="286"/>
        <source>{} area(s) entered (their days: hover here).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/figure_choice.py" line="319"/>
        <source>{} (and {} more: hover here).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../algorithms/product_project.py" line="79"/>
        <source>The store holds {} event(s) but the map shows no events layer, so the product lists none: click &quot;Show on map&quot; in the Events tab to list them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../store/geopackage/time_columns.py" line="146"/>
        <source>Cannot add the date-time columns to the control table of &apos;{}&apos; ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/chart_canvas.py" line="370"/>
        <source>A chart is saved as PNG or SVG (.png, .svg), not {}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_chart.py" line="58"/>
        <source>Events per ISO week by type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.py" line="371"/>
        <source>Written: {}
{}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/chart_legend.py" line="55"/>
        <source>+ {} more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/figures_block.py" line="143"/>
        <source>… {} more areas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/figures_block.py" line="144"/>
        <source>… {} more rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../export/figures_block.py" line="146"/>
        <source>in the Analysis panel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AnalysisPanelBase</name>
    <message>
        <location filename="../ui/analysis_panel.ui" line="17"/>
        <source>Areas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="22"/>
        <source>Polygon layer of the areas to measure (towns, districts, municipalities); any CRS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="27"/>
        <source>Selected features only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="28"/>
        <source>Measure only the areas selected in the areas layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="33"/>
        <source>Name field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="38"/>
        <source>Field that names the areas in the results (empty: the feature id).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="44"/>
        <source>Control layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="49"/>
        <source>Control layer with valid_from, valid_to, status and source (a situation store&apos;s control table).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="54"/>
        <source>or store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="60"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="65"/>
        <source>Sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="70"/>
        <source>Sources to measure; each checked source gets its own rows (sources are never merged).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="76"/>
        <source>Occupied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="81"/>
        <source>Statuses counted as occupied (the lower bound).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="87"/>
        <source>Upper bound adds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="93"/>
        <source>Statuses added to the occupied ones for an upper bound (e.g. contested); none checked: no upper bound.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="99"/>
        <source>Dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="106"/>
        <source>Which dates to measure, combinable with commas: empty or all (every snapshot date); 2025-11-20 (one day); 2025-10-01..2025-11-30 (snapshot dates in a range; either end may be left out); 2025-11-20/7 (every 7th day from then). A day without a snapshot uses the latest earlier one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="107"/>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="112"/>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="113"/>
        <source>Measure every snapshot date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="124"/>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="125"/>
        <source>Measure the occupied share of each area, date and source in the background (Processing: situationmapper:occupiedshare).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="130"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="131"/>
        <source>Stop the running measurement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="137"/>
        <source>Progress of the running measurement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="145"/>
        <source>What the panel did last.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="152"/>
        <source>The results as a table and as a chart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="155"/>
        <source>Table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="159"/>
        <source>Occupied share per date, area and source; click a row to show that date on the map and zoom to the area. Click a header to sort.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="168"/>
        <source>Chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="172"/>
        <source>Why there is no chart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="185"/>
        <source>CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="186"/>
        <source>Save the result table as a CSV file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="191"/>
        <source>Add as layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="192"/>
        <source>Add the result table to the project as a layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="197"/>
        <source>Chart…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="198"/>
        <source>Save the chart as a PNG or SVG image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/analysis_panel.ui" line="59"/>
        <source>A situation store: a .gpkg file, or a PostGIS team store (postgres:service=... schema=...); when set, its control table is used instead of the control layer above. On PostGIS the shares are measured in the database or on the desktop, whichever is expected to be faster.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DrawPanelBase</name>
    <message>
        <location filename="../ui/draw_panel.ui" line="20"/>
        <source>Drawings store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="23"/>
        <source>Where drawn arcs and corridors are kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="29"/>
        <source>Store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="41"/>
        <source>no store: memory layers (not saved)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="48"/>
        <source>Choose the situation store GeoPackage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="51"/>
        <source>…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="60"/>
        <source>Where the next drawing goes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="70"/>
        <source>Write the drawn arcs and corridors to the store (commit the edit buffer); Undo works until then</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="73"/>
        <source>Save drawings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="83"/>
        <source>Draw by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="86"/>
        <source>Map tools and numeric entry for encirclement arcs and corridors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="94"/>
        <source>Encirclement arc tool: click the centre, move or drag to set the radius, click the start bearing, then the end bearing (clockwise). Right click or Esc: start again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="97"/>
        <source>Arc tool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="107"/>
        <source>Corridor tool: click the route vertices (snapping follows the project snapping settings), right click or Enter to finish; Backspace removes the last vertex.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="110"/>
        <source>Corridor tool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="122"/>
        <source>Centre longitude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="129"/>
        <source>Arc centre longitude, degrees (set by the arc tool&apos;s first click)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="575"/>
        <source> °</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="154"/>
        <source>Centre latitude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="161"/>
        <source>Arc centre latitude, degrees (set by the arc tool&apos;s first click)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="186"/>
        <source>Radius</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="193"/>
        <source>Arc radius, metres of geodesic distance on WGS84</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="314"/>
        <source> m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="218"/>
        <source>Start azimuth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="225"/>
        <source>Start of the arc, degrees clockwise from north</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="250"/>
        <source>End azimuth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="257"/>
        <source>End of the arc, degrees clockwise from north (the arc runs clockwise from the start)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="282"/>
        <source>Store the arc given by the centre, radius and azimuths above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="285"/>
        <source>Add arc from values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="292"/>
        <source>Corridor width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="299"/>
        <source>Full width of a drawn corridor, metres (the route is buffered by half of it on each side, geodesically)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="324"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="337"/>
        <source>yyyy-MM-dd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="344"/>
        <source>Author</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="351"/>
        <source>Who drew it (default from the settings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="358"/>
        <source>Side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="365"/>
        <source>Whose move the drawing shows: sets its colour (hostile red, friendly blue, other grey)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="375"/>
        <source>Colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="382"/>
        <source>Optional #rrggbb colour overriding the side&apos;s colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="385"/>
        <source>by side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="392"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="399"/>
        <source>Free text stored with the drawing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="409"/>
        <source>Compute from data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="412"/>
        <source>Run the encirclement or corridor algorithm in the background and add its outputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="418"/>
        <source>Area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="425"/>
        <source>Area polygons (or points) whose enclosure or corridor is computed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="456"/>
        <source>Control</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="463"/>
        <source>Control layer (the store&apos;s control table)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="470"/>
        <source>Hostile statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="477"/>
        <source>Statuses counted as hostile, comma separated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="480"/>
        <source>occupied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="487"/>
        <source>Dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="494"/>
        <source>Dates: 2025-11-20, 2025-10-01..2025-12-31, 2025-10-01/7 or all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="497"/>
        <source>2025-11-20 or 2025-10-01..2025-12-31</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="504"/>
        <source>Radii</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="511"/>
        <source>Encirclement radii in metres, comma separated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="514"/>
        <source>5000, 10000</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="521"/>
        <source>Rear longitude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="528"/>
        <source>Rear point longitude for the corridor, degrees (in friendly ground)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="553"/>
        <source>Rear latitude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="560"/>
        <source>Rear point latitude for the corridor, degrees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="587"/>
        <source>Compute enclosed degrees and encirclement arcs (situationmapper:encirclement)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="590"/>
        <source>Encirclement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="597"/>
        <source>Compute the corridor width and throat to the rear point (situationmapper:corridor)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="600"/>
        <source>Corridor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="607"/>
        <source>Stop the running computation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="610"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="619"/>
        <source>Progress of the running computation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="629"/>
        <source>Result of the last computation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="12"/>
        <source>Drawing tools, the drawings store and computing encirclements and corridors from the data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="331"/>
        <source>Situation date the drawing describes: the date shown on the map (Situation panel, Temporal Controller) until you change it here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="432"/>
        <source>Area name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="439"/>
        <source>Field of the area layer that names each area in the results (a field called name is picked by itself); empty: areas are numbered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="446"/>
        <source>Compute only for the selected features of the area layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="449"/>
        <source>Selected features only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/draw_panel.ui" line="38"/>
        <source>Situation store that receives the drawings tables: a GeoPackage (.gpkg) or a PostGIS team store (postgres:service=... schema=..., as chosen in the Situation panel); empty: memory layers, not saved</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportPanelBase</name>
    <message>
        <location filename="../ui/export_panel.ui" line="29"/>
        <source>Export a dated, sourced map of the situation: a single date, an atlas of dates, or an animation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="47"/>
        <source>Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="50"/>
        <source>Layout template of the product.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="57"/>
        <source>Layout template: a shipped one, or &apos;Own template file&apos; to use the .qpt chosen below (items with ids situation_map, legend, figures_table ...).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="64"/>
        <source>Own template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="67"/>
        <source>Your own .qpt layout template.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="74"/>
        <source>Your own layout template (.qpt); used when the template is &apos;Own template file&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="77"/>
        <source>Layout templates (*.qpt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="84"/>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="87"/>
        <source>Title of the map.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="94"/>
        <source>Title printed at the top of the map.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="97"/>
        <source>Situation map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="104"/>
        <source>Subtitle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="107"/>
        <source>Optional subtitle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="114"/>
        <source>Optional subtitle under the title.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="121"/>
        <source>Handling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="124"/>
        <source>Handling / classification line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="131"/>
        <source>Optional handling / classification line printed at the foot of the page, e.g. UNCLASSIFIED // FOR PUBLIC RELEASE. Left out when empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="138"/>
        <source>Situation date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="141"/>
        <source>The situation date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="148"/>
        <source>The day whose situation the map shows (printed as &apos;as of YYYY-MM-DD&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="154"/>
        <source>yyyy-MM-dd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="161"/>
        <source>Date range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="164"/>
        <source>Dates of an atlas or animation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="174"/>
        <source>e.g. 2025-11-01..2025-11-20 (atlas / animation)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="181"/>
        <source>Map extent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="184"/>
        <source>Extent of the map.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="191"/>
        <source>Polygon layer whose extent (plus a 15 % margin) the map shows; empty: the figure areas, else every visible layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="198"/>
        <source>Figure areas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="201"/>
        <source>Areas of the figures table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="208"/>
        <source>Areas of interest for the figures table (occupied share, change, enclosed degrees); empty: no figures.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="215"/>
        <source>Area name field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="218"/>
        <source>Field naming the areas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="225"/>
        <source>Field of the figure areas that names them in the table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="232"/>
        <source>Radius (m)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="235"/>
        <source>Radius of enclosed degrees, metres.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="242"/>
        <source>Radius of the enclosed degrees, in metres.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="264"/>
        <source>Page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="267"/>
        <source>Page size.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="274"/>
        <source>Paper size and orientation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="281"/>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="284"/>
        <source>File format.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="291"/>
        <source>PDF, PNG or SVG; GIF or MP4 animate the date range (MP4 needs ffmpeg).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="298"/>
        <source>Resolution (dpi)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="301"/>
        <source>Resolution.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="308"/>
        <source>Dots per inch of PNG images, animation frames and raster parts of PDF/SVG.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="324"/>
        <source>Several dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="327"/>
        <source>Atlas output mode.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="334"/>
        <source>With a date range: one PDF with a page per date, or one file per date (name_YYYY-MM-DD.ext).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="341"/>
        <source>Output file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="344"/>
        <source>Output file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="351"/>
        <source>Where to write the product; it is written to a temporary file first and replaced only when complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="375"/>
        <source>No preview yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="384"/>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="387"/>
        <source>Draw a small preview of the page for the first date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="394"/>
        <source>Open in layout designer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="397"/>
        <source>Build the layout for the first date, add it to the project&apos;s layouts and open it in the layout designer to edit it by hand before exporting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="406"/>
        <source>Progress of the running export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="418"/>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="421"/>
        <source>Export in the background (situationmapper:exportmap); the files are written only when complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="428"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="434"/>
        <source>Stop the running export; no partial file is left.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="443"/>
        <source>Result of the last export: the files written, or what went wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="171"/>
        <source>Optional: several dates for an atlas or an animation, e.g. 2025-11-01..2025-11-20, 2025-11-01/7 or all. Used when &apos;Date range&apos; is chosen above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/export_panel.ui" line="360"/>
        <source>Preview of the first page at low resolution, as wide as the panel (the figures table is computed at export).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PostgisStoreDialog</name>
    <message>
        <location filename="../ui/postgis_store_dialog.ui" line="5"/>
        <source>Team situation store (PostGIS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/postgis_store_dialog.ui" line="10"/>
        <source>A team maps one front in one PostGIS schema. Credentials come from the QGIS connection (authentication manager) or the pg_service entry; they are never written into the project.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/postgis_store_dialog.ui" line="17"/>
        <source>Database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/postgis_store_dialog.ui" line="21"/>
        <source>A PostgreSQL connection saved in QGIS (Data Source Manager), or a pg_service entry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/postgis_store_dialog.ui" line="25"/>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/postgis_store_dialog.ui" line="29"/>
        <source>Name of the pg_service entry (in the file PGSERVICEFILE names, or ~/.pg_service.conf).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/postgis_store_dialog.ui" line="30"/>
        <source>e.g. situation_desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/postgis_store_dialog.ui" line="34"/>
        <source>Situation (schema)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/postgis_store_dialog.ui" line="42"/>
        <source>The schema holding the situation store. Pick one the database has, or type a new name: the first import creates it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/postgis_store_dialog.ui" line="47"/>
        <source>↻</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/postgis_store_dialog.ui" line="48"/>
        <source>List the situation stores of the database.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SituationDockBase</name>
    <message>
        <location filename="../ui/main_dock.ui" line="16"/>
        <source>Situation Mapper panels: load dated situation layers, analyse, draw and export.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SituationPanelBase</name>
    <message>
        <location filename="../ui/situation_panel.ui" line="15"/>
        <source>The situation store, its import, its sources and the date shown on the map.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="22"/>
        <source>Situation store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="43"/>
        <source>Add situation layers to the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="44"/>
        <source>Add one styled, time-aware layer per source and status of the store under the &quot;Situation&quot; group (layers already in the project are reused, not duplicated).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="52"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="53"/>
        <source>The day shown on the map; drives the QGIS Temporal Controller.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="59"/>
        <source>◀</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="60"/>
        <source>Previous snapshot date of the shown sources.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="65"/>
        <source>Day shown on the map: each layer shows the snapshot valid on that day (the latest one not after it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="67"/>
        <source>yyyy-MM-dd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="72"/>
        <source>▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="73"/>
        <source>Next snapshot date of the shown sources.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="78"/>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="79"/>
        <source>Play: step through the snapshot dates one per second; click again to pause.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="87"/>
        <source>The day shown and the date of the snapshot it comes from, per source when they differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="88"/>
        <source>No date shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="97"/>
        <source>Sources and statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="98"/>
        <source>What the store holds: one row per source and status.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="172"/>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="163"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="112"/>
        <source>Dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="118"/>
        <source>Sources shown on the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="123"/>
        <source>Check the sources to show; their situation layers are switched on or off and the date navigator steps through their snapshots.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="132"/>
        <source>Import snapshots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="133"/>
        <source>Append dated snapshot files (one file per day, the date in the file name) to the store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="137"/>
        <source>Folder of snapshot files (GeoJSON, GeoPackage, Shapefile...) named with their date, e.g. deepstatemap_data_20251120.geojson.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="142"/>
        <source>Each file of the folder and the date found in its name, or why it will not be imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="149"/>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="150"/>
        <source>Date / problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="155"/>
        <source>How many files will be imported, their first and last date, missing days and problems.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="156"/>
        <source>Choose a folder of snapshot files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="167"/>
        <source>Status of the imported ground: occupied, contested (grey zone), liberated, claimed, or your own word.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="176"/>
        <source>Who published the snapshots, e.g. DeepStateMap or ISW/CTP. Every feature keeps it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="222"/>
        <source>e.g. DeepStateMap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="181"/>
        <source>Side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="185"/>
        <source>The side holding the ground (optional).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="186"/>
        <source>optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="190"/>
        <source>Confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="194"/>
        <source>How sure the source is: assessed, claimed, unverified, or your own word.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="231"/>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="232"/>
        <source>Import the dated files listed above into the store, in the background.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="237"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="238"/>
        <source>Stop the running import; the store keeps what it held before.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="246"/>
        <source>Progress of the running import.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="102"/>
        <source>Each source and status of the store with its first and last snapshot date, the number of snapshot dates and of features (rows of the control table).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="110"/>
        <source>Source / status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="111"/>
        <source>First / last</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="113"/>
        <source>Features</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="23"/>
        <source>Where the dated control polygons live: a GeoPackage for one analyst, or a PostGIS schema a team shares. Choose an existing store, or a new name: the first import creates it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="30"/>
        <source>Situation store: a GeoPackage (.gpkg; open one or type a new file name: the first import creates it), or a team store on PostGIS (postgres:service=... schema=..., or use the PostGIS button).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="35"/>
        <source>PostGIS…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="36"/>
        <source>Use a team situation store on PostgreSQL/PostGIS: pick a QGIS connection or pg_service entry and a schema.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="199"/>
        <source>Licence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="203"/>
        <source>The licence of the source&apos;s data, e.g. CC BY 4.0; kept per source in the store and stated in every map product. Empty: keep what the store has.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="204"/>
        <source>e.g. CC BY 4.0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="208"/>
        <source>Web address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="212"/>
        <source>Where the source publishes its data, e.g. https://deepstatemap.live; kept per source in the store. Empty: keep what the store has.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="213"/>
        <source>https://...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="217"/>
        <source>Attribution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/situation_panel.ui" line="221"/>
        <source>How the source is credited, e.g. DeepStateMap; kept per source in the store. Empty: keep what the store has.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StartPanelBase</name>
    <message>
        <location filename="../ui/start_panel.ui" line="9"/>
        <source>&lt;b&gt;Situation Mapper&lt;/b&gt; maps a moving front line: dated control layers, occupied-area shares, encirclement arcs, corridors and dated map products. Every analysis is a Processing algorithm under &lt;i&gt;Situation Mapper&lt;/i&gt; in the Processing Toolbox.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/start_panel.ui" line="17"/>
        <source>Geodesic arc…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/start_panel.ui" line="19"/>
        <source>Open the Geodesic arc algorithm: an arc at an exact geodesic distance around a centre point (WGS84 ellipsoid).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/start_panel.ui" line="25"/>
        <source>Processing Toolbox…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/start_panel.ui" line="27"/>
        <source>Show the algorithms in the Processing Toolbox, filtered to Situation Mapper&apos;s algorithms.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
