mod api;
mod browser_flows;
mod chaos;
mod crash;
mod inbox;
mod profiles;
mod publishing;
mod roles;
