"""Social-media monitoring and webcare: sources polled by the monitor, posts, conversations, replies."""
