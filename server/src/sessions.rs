//! Sessions live in the application's own database (tower-sessions-sqlx-store),
//! whichever of the two it is.

use db::Db;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, CachingSessionStore, ExpiredDeletion, SessionStore};
use tower_sessions_moka_store::MokaStore;
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

#[derive(Clone, Debug)]
pub enum DbSessionStore {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl DbSessionStore {
    /// Creates the store and its table if needed.
    pub async fn new(db: &Db) -> Result<Self, sqlx::Error> {
        Ok(match db {
            Db::Sqlite(sqlite) => {
                let store = SqliteStore::new(sqlite.write.clone());
                store.migrate().await?;
                DbSessionStore::Sqlite(store)
            }
            Db::Postgres(pool) => {
                let store = PostgresStore::new(pool.clone());
                store.migrate().await?;
                DbSessionStore::Postgres(store)
            }
        })
    }
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(s) => s.create(record).await,
            DbSessionStore::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(s) => s.save(record).await,
            DbSessionStore::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            DbSessionStore::Sqlite(s) => s.load(id).await,
            DbSessionStore::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(s) => s.delete(id).await,
            DbSessionStore::Postgres(s) => s.delete(id).await,
        }
    }
}

#[async_trait::async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(s) => s.delete_expired().await,
            DbSessionStore::Postgres(s) => s.delete_expired().await,
        }
    }
}

/// The session store a server uses. On SQLite (one server per database file)
/// sessions are read from memory and written through to the database. On
/// Postgres several servers may share the database: a session signed out or
/// changed on one must end on all at once, so each request reads it there.
#[derive(Clone, Debug)]
pub enum Sessions {
    Cached(CachingSessionStore<MokaStore, DbSessionStore>),
    Shared(DbSessionStore),
}

/// Sessions kept in memory (a few hundred bytes each); older ones are read again
/// from the database when used.
const SESSIONS_IN_MEMORY: u64 = 10_000;

impl Sessions {
    pub fn for_database(db: &Db, store: DbSessionStore) -> Sessions {
        match db {
            Db::Sqlite(_) => Sessions::Cached(CachingSessionStore::new(
                MokaStore::new(Some(SESSIONS_IN_MEMORY)),
                store,
            )),
            Db::Postgres(_) => Sessions::Shared(store),
        }
    }
}

#[async_trait::async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Sessions::Cached(s) => s.create(record).await,
            Sessions::Shared(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Sessions::Cached(s) => s.save(record).await,
            Sessions::Shared(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Sessions::Cached(s) => s.load(id).await,
            Sessions::Shared(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Sessions::Cached(s) => s.delete(id).await,
            Sessions::Shared(s) => s.delete(id).await,
        }
    }
}
