"""What the in-memory index reads from the graph: trees and customers' facts."""
