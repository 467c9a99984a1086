global using Microsoft.Extensions.Time.Testing;
