-- The last weighing of each bridge, and the vehicles on site (recent first passes without a closing pass).
CREATE INDEX pass_bridge_at ON pass (site, bridge, at DESC);
CREATE INDEX pass_at ON pass (at);
