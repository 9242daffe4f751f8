mod api;
mod browser_flows;
mod crash;
mod inbox;
mod roles;
