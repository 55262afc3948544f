//! The in-memory service on a free loopback port, for the SDK clients'
//! end-to-end scenarios: prints `listening on http://ADDR` and serves until
//! its standard input closes (so it never outlives the test that started it).

use e2e_server::InMemory;
use tokio::io::AsyncReadExt;

#[tokio::main]
async fn main() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let addr = listener.local_addr().expect("local address");
    println!("listening on http://{addr}");
    tokio::spawn(sandbox_lifecycle_server::serve(listener, InMemory::default()));
    let mut sink = Vec::new();
    let _ = tokio::io::stdin().read_to_end(&mut sink).await;
}
