//! A small HTTP/1.1 client for the benchmark: one keep-alive connection per
//! simulated till, blocking sockets, one thread each. It has no dependencies, so
//! it costs the machine little next to the server it measures.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

pub struct Connection {
    host: String,
    reader: BufReader<TcpStream>,
    cookie: Option<String>,
}

pub struct Answer {
    pub status: u16,
    pub body: String,
}

impl Connection {
    pub fn open(addr: &str) -> Result<Connection, String> {
        let stream = TcpStream::connect(addr).map_err(|e| format!("connect {addr}: {e}"))?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .map_err(|e| e.to_string())?;
        Ok(Connection {
            host: addr.to_owned(),
            reader: BufReader::new(stream),
            cookie: None,
        })
    }

    /// The session cookie (`name=value`) once signed in.
    pub fn cookie(&self) -> Option<&str> {
        self.cookie.as_deref()
    }

    /// Signs in through the server function; keeps the session cookie.
    pub fn sign_in(&mut self, username: &str, password: &str) -> Result<(), String> {
        let form = format!("username={username}&password={password}");
        let answer = self.post("sign_in", "application/x-www-form-urlencoded", &form)?;
        if answer.status != 200 || self.cookie.is_none() {
            return Err(format!(
                "sign in as {username}: {} {}",
                answer.status, answer.body
            ));
        }
        Ok(())
    }

    /// POST /api/{function} with the given body.
    pub fn post(
        &mut self,
        function: &str,
        content_type: &str,
        body: &str,
    ) -> Result<Answer, String> {
        self.post_to(&format!("/api/{function}"), content_type, body)
    }

    /// POST to any path (a plain form, like the member pages' sign-in).
    pub fn post_to(
        &mut self,
        path: &str,
        content_type: &str,
        body: &str,
    ) -> Result<Answer, String> {
        let cookie = self
            .cookie
            .as_ref()
            .map(|c| format!("Cookie: {c}\r\n"))
            .unwrap_or_default();
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: {content_type}\r\n\
             Accept: application/json\r\n{cookie}Content-Length: {}\r\n\r\n{body}",
            self.host,
            body.len()
        );
        let stream = self.reader.get_mut();
        stream
            .write_all(request.as_bytes())
            .map_err(|e| format!("send: {e}"))?;
        self.read_answer()
    }

    fn read_answer(&mut self) -> Result<Answer, String> {
        let mut line = String::new();
        self.reader
            .read_line(&mut line)
            .map_err(|e| format!("read: {e}"))?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("not an HTTP answer: {line:?}"))?;
        let mut length = None;
        let mut chunked = false;
        loop {
            line.clear();
            self.reader
                .read_line(&mut line)
                .map_err(|e| format!("read: {e}"))?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            let Some((name, value)) = header.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = value.parse::<usize>().ok(),
                "transfer-encoding" => chunked = value.eq_ignore_ascii_case("chunked"),
                "set-cookie" => {
                    if let Some(pair) = value.split(';').next() {
                        self.cookie = Some(pair.to_owned());
                    }
                }
                _ => {}
            }
        }
        let body = if chunked {
            self.read_chunks()?
        } else {
            let mut body = vec![0; length.unwrap_or(0)];
            self.reader
                .read_exact(&mut body)
                .map_err(|e| format!("read body: {e}"))?;
            body
        };
        Ok(Answer {
            status,
            body: String::from_utf8_lossy(&body).into_owned(),
        })
    }

    fn read_chunks(&mut self) -> Result<Vec<u8>, String> {
        let mut body = Vec::new();
        let mut line = String::new();
        loop {
            line.clear();
            self.reader
                .read_line(&mut line)
                .map_err(|e| format!("read chunk: {e}"))?;
            let size = usize::from_str_radix(line.trim(), 16)
                .map_err(|_| format!("bad chunk size {line:?}"))?;
            let mut chunk = vec![0; size + 2];
            self.reader
                .read_exact(&mut chunk)
                .map_err(|e| format!("read chunk: {e}"))?;
            if size == 0 {
                return Ok(body);
            }
            body.extend_from_slice(&chunk[..size]);
        }
    }
}

/// The q-quantile of sorted microseconds, in milliseconds.
pub fn quantile_ms(sorted_us: &[u64], q: f64) -> f64 {
    if sorted_us.is_empty() {
        return 0.0;
    }
    let index = ((sorted_us.len() as f64 - 1.0) * q).round() as usize;
    sorted_us[index] as f64 / 1000.0
}
