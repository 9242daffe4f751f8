mod api;
mod browser_flows;
mod chaos;
mod crash;
mod inbox;
mod publishing;
mod roles;
