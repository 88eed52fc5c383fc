//! The integration suite: runs the real `crosscheck` binary against real SQLite files.
