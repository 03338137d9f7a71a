// The report's maps. Every value from the data reaches the page as a text node (textContent),
// never as HTML: vessel names, ports and list references come from files anyone can write.
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('sw-data').textContent);
  const KINDS = ['gap', 'encounter', 'loitering', 'port_visit', 'identity_change'];
  const LABELS = { gap: 'AIS gaps', encounter: 'encounters', loitering: 'loitering', port_visit: 'port visits', identity_change: 'identity changes' };
  const COLOURS = { gap: '#6d28d9', encounter: '#d97706', loitering: '#0f766e', port_visit: '#475569', identity_change: '#be185d' };

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function vesselLabel(vessel) {
    return (vessel.name || 'unnamed') + ' (MMSI ' + vessel.mmsi + (vessel.imo ? ', IMO ' + vessel.imo : '') + ')';
  }

  // A popup for one event: each vessel with its own list references, never its partner's.
  function eventPopup(event) {
    const box = element('div', null, 'popup');
    box.appendChild(element('strong', event.type.replace('_', ' ')));
    (event.vessels || event.mmsi.map(function (m, i) { return { mmsi: m, name: event.names[i] }; })).forEach(function (vessel) {
      const line = element('div', vesselLabel(vessel));
      const refs = (vessel.hits || []).flatMap(function (hit) { return hit.refs; });
      if (refs.length) { line.appendChild(element('span', ' listed: ' + refs.join(', '), 'listed')); }
      box.appendChild(line);
    });
    box.appendChild(element('div', event.start + ' to ' + event.end));
    if (event.port) { box.appendChild(element('div', 'port: ' + event.port)); }
    return box;
  }

  function trackLabel(track) {
    return element('span', (track.name || 'MMSI ' + track.mmsi) + ' (' + track.mmsi + ')');
  }

  function land(map) {
    L.geoJSON(data.land, { interactive: false, style: { color: '#8a8f7a', weight: 0.7, fillColor: '#ece8dc', fillOpacity: 1 } }).addTo(map);
  }

  function ports(map, labelled) {
    const group = L.layerGroup();
    data.ports.forEach(function (port) {
      const marker = L.circleMarker([port.lat, port.lon], { radius: 3.5, color: '#475569', fillColor: '#fff', fillOpacity: 1, weight: 1.5 });
      marker.bindTooltip(element('span', port.name), labelled
        ? { permanent: true, direction: 'right', offset: [5, 0], className: 'port-label' }
        : {});
      group.addLayer(marker);
    });
    return group.addTo(map);
  }

  function within(t, range) { return t >= range[0] && t <= range[1]; }

  function seconds(text) { return Date.parse(text) / 1000; }

  function trackLayer(track, range, style) {
    const points = track.points.filter(function (p) { return within(p[2], range); }).map(function (p) { return [p[0], p[1]]; });
    if (points.length < 2) { return null; }
    return L.polyline(points, style).bindTooltip(trackLabel(track));
  }

  function eventLayer(event) {
    const colour = COLOURS[event.type] || '#111827';
    const at = event.marker || [event.lat, event.lon];
    const group = L.layerGroup();
    group.addLayer(L.circleMarker(at, { radius: 6, color: '#1d2733', fillColor: colour, fillOpacity: 0.9, weight: 1 }).bindPopup(eventPopup(event)));
    if (event.type === 'gap' && event.details) {
      group.addLayer(L.polyline([at, [event.details.resumed_lat, event.details.resumed_lon]], { color: colour, weight: 2.5, dashArray: '6 6' }));
    }
    return group;
  }

  // The overview: layers per kind of event, a time filter, port labels and a scale bar.
  function overview() {
    const map = L.map('map', { zoomSnap: 0.25 }).setView([40, 130], 6);  // layers need a view to draw into
    land(map);
    L.control.scale({ imperial: false }).addTo(map);
    ports(map, true);
    const traffic = L.layerGroup().addTo(map);
    const featured = L.layerGroup().addTo(map);
    const kinds = {};
    const overlays = { 'vessels in incidents': featured, 'other traffic': traffic };
    KINDS.forEach(function (kind) {
      kinds[kind] = L.layerGroup();
      if (kind !== 'port_visit') { kinds[kind].addTo(map); }
      overlays[LABELS[kind]] = kinds[kind];
    });
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    const bounds = [];
    function draw(range) {
      traffic.clearLayers(); featured.clearLayers();
      KINDS.forEach(function (kind) { kinds[kind].clearLayers(); });
      data.tracks.forEach(function (track) {
        const style = track.featured ? { color: '#b00020', weight: 2.2, opacity: 0.9 } : { color: '#7a8ca3', weight: 0.8, opacity: 0.45 };
        const line = trackLayer(track, range, style);
        if (line) { (track.featured ? featured : traffic).addLayer(line); }
      });
      data.events.forEach(function (event) {
        if (!(seconds(event.end) >= range[0] && seconds(event.start) <= range[1])) { return; }
        if (kinds[event.type]) { kinds[event.type].addLayer(eventLayer(event)); }
      });
      document.getElementById('shown-events').textContent = String(KINDS.reduce(function (n, kind) { return n + kinds[kind].getLayers().length; }, 0));
    }
    data.tracks.forEach(function (track) { if (track.featured) { track.points.forEach(function (p) { bounds.push([p[0], p[1]]); }); } });
    data.events.forEach(function (event) { if (event.type !== 'port_visit') { bounds.push(event.marker || [event.lat, event.lon]); } });
    timeFilter(draw);
    if (bounds.length) { map.fitBounds(bounds, { padding: [30, 30] }); } else { map.setView([39, 128], 5); }
    return map;
  }

  // Two sliders over the days of the data: events and track points outside are hidden.
  function timeFilter(draw) {
    const from = document.getElementById('time-from');
    const to = document.getElementById('time-to');
    const label = document.getElementById('time-label');
    const start = data.period[0], end = data.period[1];
    const days = Math.max(1, Math.ceil((end - start) / 86400));
    from.max = to.max = String(days);
    from.value = '0'; to.value = String(days);
    function day(offset) { return new Date((start + offset * 86400) * 1000).toISOString().slice(0, 10); }
    function update() {
      let a = Number(from.value), b = Number(to.value);
      if (a > b) { const c = a; a = b; b = c; }
      label.textContent = day(a) + ' to ' + day(b);
      draw([start + a * 86400, start + (b + 1) * 86400]);
    }
    from.addEventListener('input', update);
    to.addEventListener('input', update);
    update();
  }

  // One small map per incident: its vessels' tracks and its own events.
  function incidentMaps() {
    const maps = {};
    document.querySelectorAll('.incident-map').forEach(function (node) {
      const incident = data.incidents[node.dataset.incident];
      if (!incident) { return; }
      const map = L.map(node, { zoomSnap: 0.25, scrollWheelZoom: false }).setView([40, 130], 6);
      land(map);
      L.control.scale({ imperial: false }).addTo(map);
      const bounds = [];
      data.tracks.forEach(function (track) {
        if (incident.mmsi.indexOf(track.mmsi) < 0) { return; }
        const line = trackLayer(track, [-Infinity, Infinity], { color: '#b00020', weight: 2, opacity: 0.8 });
        if (line) { line.addTo(map); line.getLatLngs().forEach(function (p) { bounds.push(p); }); }
      });
      data.events.forEach(function (event) {
        if (incident.events.indexOf(event.id) < 0) { return; }
        eventLayer(event).addTo(map);
        bounds.push(event.marker || [event.lat, event.lon]);
      });
      ports(map, true);
      if (bounds.length) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 10 }); }
      maps[node.dataset.incident] = map;
    });
    return maps;
  }

  window.sanctionwatchIncidentMaps = incidentMaps();
  window.sanctionwatchMap = overview();
})();
