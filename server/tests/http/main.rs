//! HTTP tests against the real server on 127.0.0.1:0 with a temporary database and fixture content.

mod abuse;
mod binary;
mod cdn;
mod comments;
mod common;
mod desk;
mod docs;
mod embeds;
mod errors;
mod feeds;
mod first_screen;
mod generate;
mod limits;
mod live;
mod operations;
mod overload;
mod publishing;
mod reads;
mod search;
mod tags;
mod trail;
mod web;
mod wordpress;
