using Npgsql;
using Orleans.Storage;

namespace MlNetFreq.Cluster.Hosting;

/// <summary>
/// Job state in PostgreSQL through ADO.NET (Npgsql): one row per grain state in <c>mlnetfreq_grain_state</c>, created on
/// first use; the ETag is the row's version, so a write from a grain activation that has lost track of the row (a stale
/// activation after its silo was declared dead) is refused instead of overwriting newer state. Our own table and
/// queries: Orleans' ADO.NET provider needs its vendor scripts installed first, which its package does not ship.
/// </summary>
public sealed class PostgresGrainStorage(NpgsqlDataSource dataSource, IGrainStorageSerializer serializer) : IGrainStorage
{
    private const string Table = "mlnetfreq_grain_state";
    private volatile bool _tableExists;

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        await EnsureTableAsync();
        await using var command = dataSource.CreateCommand($"SELECT version, payload FROM {Table} WHERE state_name = $1 AND grain_id = $2");
        command.Parameters.Add(new() { Value = stateName });
        command.Parameters.Add(new() { Value = grainId.ToString() });
        await using var reader = await command.ExecuteReaderAsync();
        if (await reader.ReadAsync())
        {
            grainState.ETag = reader.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture);
            grainState.State = serializer.Deserialize<T>(new BinaryData(reader.GetFieldValue<byte[]>(1)));
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        await EnsureTableAsync();
        byte[] payload = serializer.Serialize(grainState.State).ToArray();
        await using var command = grainState.ETag is null
            ? dataSource.CreateCommand($"INSERT INTO {Table} (state_name, grain_id, version, payload) VALUES ($1, $2, 1, $3) ON CONFLICT DO NOTHING RETURNING version")
            : dataSource.CreateCommand($"UPDATE {Table} SET version = version + 1, payload = $3 WHERE state_name = $1 AND grain_id = $2 AND version = $4 RETURNING version");
        command.Parameters.Add(new() { Value = stateName });
        command.Parameters.Add(new() { Value = grainId.ToString() });
        command.Parameters.Add(new() { Value = payload });
        if (grainState.ETag is { } etag)
        {
            command.Parameters.Add(new() { Value = long.Parse(etag, System.Globalization.CultureInfo.InvariantCulture) });
        }

        object? version = await command.ExecuteScalarAsync();
        if (version is not long written)
        {
            throw new InconsistentStateException($"{stateName} of {grainId}: the stored state changed since this activation read it (version {grainState.ETag ?? "none"}); the write is refused.", "another version", grainState.ETag ?? "none");
        }

        grainState.ETag = written.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        await EnsureTableAsync();
        if (grainState.ETag is { } etag)
        {
            await using var command = dataSource.CreateCommand($"DELETE FROM {Table} WHERE state_name = $1 AND grain_id = $2 AND version = $3");
            command.Parameters.Add(new() { Value = stateName });
            command.Parameters.Add(new() { Value = grainId.ToString() });
            command.Parameters.Add(new() { Value = long.Parse(etag, System.Globalization.CultureInfo.InvariantCulture) });
            if (await command.ExecuteNonQueryAsync() != 1)
            {
                throw new InconsistentStateException($"{stateName} of {grainId}: the stored state changed since this activation read it; the clear is refused.", "another version", etag);
            }
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    // Several silos (or workers) may create the table at once: CREATE TABLE IF NOT EXISTS can still collide on the
    // row type's name, which only means another one created it. A failure (database down) is retried on the next call.
    private async Task EnsureTableAsync()
    {
        if (_tableExists)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(
            $"CREATE TABLE IF NOT EXISTS {Table} (state_name text NOT NULL, grain_id text NOT NULL, version bigint NOT NULL, payload bytea NOT NULL, PRIMARY KEY (state_name, grain_id))");
        try
        {
            await command.ExecuteNonQueryAsync();
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
        {
        }

        _tableExists = true;
    }
}
