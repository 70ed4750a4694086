//! The chain's container set-up checked without a container runtime: compose.yaml
//! parsed (the app and the official postgres image, health checks, the app
//! waiting for a healthy database, every named volume declared) and the
//! Dockerfile read (several stages, the binary `cargo xtask dist` makes, a
//! non-root user, a health check, every COPY source in the repository). Where
//! `docker compose` exists it also runs `docker compose config`.

use std::path::Path;
use yaml_rust2::{Yaml, YamlLoader};

pub fn check(root: &Path) -> Result<(), String> {
    let compose = std::fs::read_to_string(root.join("compose.yaml"))
        .map_err(|e| format!("compose.yaml: {e}"))?;
    check_compose(&compose)?;
    let dockerfile =
        std::fs::read_to_string(root.join("Dockerfile")).map_err(|e| format!("Dockerfile: {e}"))?;
    check_dockerfile(&dockerfile, root)?;
    let has_compose = std::process::Command::new("docker")
        .args(["compose", "version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if has_compose {
        crate::tools::sh(
            std::process::Command::new("docker")
                .args(["compose", "config", "--quiet"])
                .env("POSTGRES_PASSWORD", "checked-in-ci")
                .current_dir(root),
        )?;
    }
    Ok(())
}

fn check_compose(text: &str) -> Result<(), String> {
    let docs = YamlLoader::load_from_str(text).map_err(|e| format!("compose.yaml: {e}"))?;
    let doc = docs.first().ok_or("compose.yaml is empty")?;
    let services = &doc["services"];
    let (app, postgres) = (&services["app"], &services["postgres"]);
    if app.is_badvalue() || postgres.is_badvalue() {
        return Err("compose.yaml needs the services app and postgres".into());
    }
    let image = postgres["image"].as_str().unwrap_or("");
    if !image.starts_with("postgres:") {
        return Err(format!(
            "postgres must run the official image, not {image:?}"
        ));
    }
    for (name, service) in [("app", app), ("postgres", postgres)] {
        if service["healthcheck"]["test"].is_badvalue() {
            return Err(format!("service {name} has no health check"));
        }
    }
    if app["depends_on"]["postgres"]["condition"].as_str() != Some("service_healthy") {
        return Err("app must wait for a healthy postgres (depends_on condition)".into());
    }
    let url = app["environment"]["DATABASE_URL"].as_str().unwrap_or("");
    if !url.starts_with("postgres://") || !url.contains("@postgres:5432/") {
        return Err(format!(
            "app's DATABASE_URL must name the postgres service, not {url:?}"
        ));
    }
    let declared = doc["volumes"].as_hash().ok_or("no volumes are declared")?;
    for (name, service) in [("app", app), ("postgres", postgres)] {
        for mount in service["volumes"]
            .as_vec()
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            let volume = mount
                .as_str()
                .and_then(|m| m.split(':').next())
                .unwrap_or("");
            let named = !volume.starts_with(['.', '/']);
            if named && !declared.contains_key(&Yaml::String(volume.to_owned())) {
                return Err(format!(
                    "{name} mounts volume {volume:?}, which is not declared"
                ));
            }
        }
    }
    if postgres["volumes"].as_vec().is_none_or(Vec::is_empty) {
        return Err("postgres keeps its data in no volume".into());
    }
    Ok(())
}

fn check_dockerfile(text: &str, root: &Path) -> Result<(), String> {
    // Continuation lines joined, comments dropped.
    let joined = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("\\\n", " ");
    let instructions: Vec<(String, String)> = joined
        .lines()
        .filter_map(|l| {
            let (word, rest) = l.trim().split_once(char::is_whitespace)?;
            Some((word.to_ascii_uppercase(), rest.trim().to_owned()))
        })
        .collect();
    let stages = instructions.iter().filter(|(w, _)| w == "FROM").count();
    if stages < 2 {
        return Err("the Dockerfile must build in one stage and run in another".into());
    }
    let last_from = instructions
        .iter()
        .rposition(|(w, _)| w == "FROM")
        .unwrap_or(0);
    let final_stage = &instructions[last_from..];
    let has = |word: &str| final_stage.iter().any(|(w, _)| w == word);
    if !has("HEALTHCHECK") {
        return Err("the final image has no HEALTHCHECK".into());
    }
    let user = final_stage
        .iter()
        .rev()
        .find(|(w, _)| w == "USER")
        .map(|(_, u)| u.as_str());
    if matches!(user, None | Some("root") | Some("0")) {
        return Err("the final image must not run as root".into());
    }
    if !instructions
        .iter()
        .any(|(w, rest)| w == "RUN" && rest.contains("cargo xtask dist"))
    {
        return Err("the build stage must run cargo xtask dist".into());
    }
    for (word, rest) in &instructions {
        if word != "COPY" || rest.starts_with("--from") {
            if word == "COPY" && !rest.contains("/dist/membership-server") {
                return Err(format!(
                    "the final image copies {rest:?}, not the dist binary"
                ));
            }
            continue;
        }
        let parts: Vec<&str> = rest.split_whitespace().collect();
        for source in &parts[..parts.len().saturating_sub(1)] {
            if !root.join(source).exists() {
                return Err(format!("COPY {source}: no such file in the repository"));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repository_s_container_files_hold_together() {
        check_compose(include_str!("../../compose.yaml")).unwrap();
        check_dockerfile(include_str!("../../Dockerfile"), &crate::root()).unwrap();
    }

    #[test]
    fn a_broken_compose_file_is_caught() {
        let good = include_str!("../../compose.yaml");
        let no_wait = good.replace("condition: service_healthy", "condition: service_started");
        assert!(check_compose(&no_wait).unwrap_err().contains("healthy"));
        let undeclared = good.replace("- pgdata:/var", "- other:/var");
        assert!(
            check_compose(&undeclared)
                .unwrap_err()
                .contains("not declared")
        );
        assert!(check_compose("services: [").is_err());
        let root_user = include_str!("../../Dockerfile").replace("USER membership", "USER root");
        assert!(check_dockerfile(&root_user, &crate::root()).is_err());
    }
}
