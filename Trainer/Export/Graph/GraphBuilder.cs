using System.Runtime.InteropServices;
using System.Text;
using Google.Protobuf;
using TwitterSentiment.Trainer.Export.Proto;
using static TwitterSentiment.Trainer.Export.Proto.DataType;

namespace TwitterSentiment.Trainer.Export.Graph;

/// <summary>
/// Builds a GraphDef one op at a time. Every method writes all the attrs its op needs (zero values included,
/// so no oneof is left unset), checks the dtypes of the tensors it is given, and returns typed outputs; node
/// names are made unique. Only ops in <see cref="OpRegistry"/> have a method.
/// </summary>
public sealed class GraphBuilder
{
    private readonly List<NodeDef> _nodes = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public IReadOnlyList<NodeDef> Nodes => _nodes;

    /// <summary>The graph so far, with the given producer version (min_consumer 0).</summary>
    public GraphDef ToGraphDef(int producer)
    {
        var graph = new GraphDef { Versions = new VersionDef { Producer = producer, MinConsumer = 0 } };
        graph.Node.Add(_nodes.Select(node => node.Clone()));
        return graph;
    }

    // ---- Sources -------------------------------------------------------------------------------------------

    public TensorRef Placeholder(string name, DataType dtype, params long[] shape) =>
        Add(name, "Placeholder", [], dtype, ("dtype", TypeValue(dtype)), ("shape", new AttrValue { Shape = Shape(shape) }));

    public TensorRef Const(string name, float[] values, params long[] shape) =>
        AddConst(name, DtFloat, shape, values.Length, tensor =>
        {
            if (values.Length == 1) tensor.FloatVal.Add(values[0]);
            else tensor.TensorContent = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        });

    public TensorRef Const(string name, int[] values, params long[] shape) =>
        AddConst(name, DtInt32, shape, values.Length, tensor =>
        {
            if (values.Length == 1) tensor.IntVal.Add(values[0]);
            else tensor.TensorContent = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        });

    public TensorRef Const(string name, long[] values, params long[] shape) =>
        AddConst(name, DtInt64, shape, values.Length, tensor =>
        {
            if (values.Length == 1) tensor.Int64Val.Add(values[0]);
            else tensor.TensorContent = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        });

    /// <summary>A string constant; strings are stored as UTF-8 in <c>string_val</c> (never tensor_content).</summary>
    public TensorRef Const(string name, IReadOnlyList<string> values, params long[] shape) =>
        AddConst(name, DtString, shape, values.Count, tensor =>
        {
            foreach (string value in values) tensor.StringVal.Add(ByteString.CopyFrom(value, Encoding.UTF8));
        });

    public TensorRef ScalarConst(string name, float value) => Const(name, [value]);
    public TensorRef ScalarConst(string name, int value) => Const(name, [value]);
    public TensorRef ScalarConst(string name, long value) => Const(name, [value]);
    public TensorRef ScalarConst(string name, string value) => Const(name, [value]);

    /// <summary>A NoOp that runs after <paramref name="dependencies"/> (control inputs); returns its name.</summary>
    public string NoOp(string name, params string[] dependencies)
    {
        string unique = Unique(name);
        var node = new NodeDef { Name = unique, Op = "NoOp" };
        node.Input.Add(dependencies.Select(d => $"^{d}"));
        _nodes.Add(node);
        return unique;
    }

    // ---- Text ----------------------------------------------------------------------------------------------

    /// <summary>ASCII lower-casing (encoding "", TensorFlow's default: only A–Z change).</summary>
    public TensorRef StringLower(string name, TensorRef input)
    {
        Expect(input, DtString, "StringLower input");
        return Add(name, "StringLower", [input], DtString, ("encoding", StringValue("")));
    }

    public TensorRef StaticRegexReplace(string name, TensorRef input, string pattern, string rewrite)
    {
        Expect(input, DtString, "StaticRegexReplace input");
        return Add(name, "StaticRegexReplace", [input], DtString,
            ("pattern", StringValue(pattern)), ("rewrite", StringValue(rewrite)), ("replace_global", new AttrValue { B = true }));
    }

    /// <summary>StringSplit (v1): splits each string of a 1-D batch on any byte of the delimiter, dropping empty pieces.</summary>
    public (TensorRef Indices, TensorRef Values, TensorRef Shape) StringSplit(string name, TensorRef input, TensorRef delimiter)
    {
        Expect(input, DtString, "StringSplit input");
        Expect(delimiter, DtString, "StringSplit delimiter");
        var indices = Add(name, "StringSplit", [input, delimiter], DtInt64, ("skip_empty", new AttrValue { B = true }));
        return (indices, indices with { Index = 1, DataType = DtString }, indices with { Index = 2, DataType = DtInt64 });
    }

    public TensorRef SparseToDense(string name, TensorRef indices, TensorRef outputShape, TensorRef values, TensorRef defaultValue)
    {
        ExpectIndex(indices, "SparseToDense indices");
        Expect(outputShape, indices.DataType, "SparseToDense output_shape");
        Expect(defaultValue, values.DataType, "SparseToDense default_value");
        return Add(name, "SparseToDense", [indices, outputShape, values, defaultValue], values.DataType,
            ("validate_indices", new AttrValue { B = true }), ("T", TypeValue(values.DataType)), ("Tindices", TypeValue(indices.DataType)));
    }

    // ---- Lookup table --------------------------------------------------------------------------------------

    public TensorRef HashTable(string name, DataType keyType, DataType valueType, string sharedName) =>
        Add(name, "HashTableV2", [], DtResource,
            ("key_dtype", TypeValue(keyType)), ("value_dtype", TypeValue(valueType)),
            ("shared_name", StringValue(sharedName)), ("container", StringValue("")), ("use_node_name_sharing", new AttrValue { B = false }));

    /// <summary>Fills the table; returns the node name (the op has no outputs), for the init op's control inputs.</summary>
    public string LookupTableImport(string name, TensorRef table, TensorRef keys, TensorRef values)
    {
        Expect(table, DtResource, "LookupTableImportV2 table");
        var import = Add(name, "LookupTableImportV2", [table, keys, values], DtInvalid,
            ("Tin", TypeValue(keys.DataType)), ("Tout", TypeValue(values.DataType)));
        return import.Node;
    }

    public TensorRef LookupTableFind(string name, TensorRef table, TensorRef keys, TensorRef defaultValue)
    {
        Expect(table, DtResource, "LookupTableFindV2 table");
        return Add(name, "LookupTableFindV2", [table, keys, defaultValue], defaultValue.DataType,
            ("Tin", TypeValue(keys.DataType)), ("Tout", TypeValue(defaultValue.DataType)));
    }

    // ---- Shapes and layout ---------------------------------------------------------------------------------

    /// <summary>The shape of <paramref name="input"/> as int32.</summary>
    public TensorRef Shape(string name, TensorRef input) =>
        Add(name, "Shape", [input], DtInt32, ("T", TypeValue(input.DataType)), ("out_type", TypeValue(DtInt32)));

    public TensorRef Reshape(string name, TensorRef tensor, TensorRef shape)
    {
        ExpectIndex(shape, "Reshape shape");
        return Add(name, "Reshape", [tensor, shape], tensor.DataType, ("T", TypeValue(tensor.DataType)), ("Tshape", TypeValue(shape.DataType)));
    }

    public TensorRef Transpose(string name, TensorRef x, TensorRef permutation)
    {
        ExpectIndex(permutation, "Transpose perm");
        return Add(name, "Transpose", [x, permutation], x.DataType, ("T", TypeValue(x.DataType)), ("Tperm", TypeValue(permutation.DataType)));
    }

    /// <summary>ConcatV2 of at least two tensors of one dtype along the scalar <paramref name="axis"/>.</summary>
    public TensorRef Concat(string name, IReadOnlyList<TensorRef> values, TensorRef axis)
    {
        if (values.Count < 2) throw new ArgumentException("ConcatV2 needs at least two tensors.", nameof(values));
        foreach (var value in values) Expect(value, values[0].DataType, "ConcatV2 value");
        ExpectIndex(axis, "ConcatV2 axis");
        return Add(name, "ConcatV2", [.. values, axis], values[0].DataType,
            ("N", new AttrValue { I = values.Count }), ("T", TypeValue(values[0].DataType)), ("Tidx", TypeValue(axis.DataType)));
    }

    public TensorRef Fill(string name, TensorRef dims, TensorRef value)
    {
        ExpectIndex(dims, "Fill dims");
        return Add(name, "Fill", [dims, value], value.DataType, ("T", TypeValue(value.DataType)), ("index_type", TypeValue(dims.DataType)));
    }

    /// <summary>StridedSlice with explicit masks (bit i set = ignore begin/end of dimension i).</summary>
    public TensorRef StridedSlice(string name, TensorRef input, TensorRef begin, TensorRef end, TensorRef strides, long beginMask = 0, long endMask = 0)
    {
        ExpectIndex(begin, "StridedSlice begin");
        Expect(end, begin.DataType, "StridedSlice end");
        Expect(strides, begin.DataType, "StridedSlice strides");
        return Add(name, "StridedSlice", [input, begin, end, strides], input.DataType,
            ("T", TypeValue(input.DataType)), ("Index", TypeValue(begin.DataType)),
            ("begin_mask", new AttrValue { I = beginMask }), ("end_mask", new AttrValue { I = endMask }),
            ("ellipsis_mask", new AttrValue { I = 0 }), ("new_axis_mask", new AttrValue { I = 0 }), ("shrink_axis_mask", new AttrValue { I = 0 }));
    }

    /// <summary>Split into <paramref name="count"/> equal parts along the int32 scalar <paramref name="axis"/>.</summary>
    public IReadOnlyList<TensorRef> Split(string name, TensorRef axis, TensorRef value, int count)
    {
        Expect(axis, DtInt32, "Split split_dim");
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var first = Add(name, "Split", [axis, value], value.DataType, ("num_split", new AttrValue { I = count }), ("T", TypeValue(value.DataType)));
        return [.. Enumerable.Range(0, count).Select(i => first with { Index = i })];
    }

    public TensorRef Gather(string name, TensorRef parameters, TensorRef indices, TensorRef axis)
    {
        ExpectIndex(indices, "GatherV2 indices");
        ExpectIndex(axis, "GatherV2 axis");
        return Add(name, "GatherV2", [parameters, indices, axis], parameters.DataType,
            ("batch_dims", new AttrValue { I = 0 }), ("Tparams", TypeValue(parameters.DataType)),
            ("Tindices", TypeValue(indices.DataType)), ("Taxis", TypeValue(axis.DataType)));
    }

    /// <summary>Cast between numeric types and bool (Truncate left at its default, false).</summary>
    public TensorRef Cast(string name, TensorRef x, DataType to)
    {
        if (x.DataType == DtString || to == DtString) throw new ArgumentException("Cast cannot convert strings.", nameof(to));
        return Add(name, "Cast", [x], to, ("SrcT", TypeValue(x.DataType)), ("DstT", TypeValue(to)));
    }

    // ---- Arithmetic ----------------------------------------------------------------------------------------

    public TensorRef MatMul(string name, TensorRef a, TensorRef b)
    {
        Expect(b, a.DataType, "MatMul b");
        return Add(name, "MatMul", [a, b], a.DataType,
            ("T", TypeValue(a.DataType)), ("transpose_a", new AttrValue { B = false }), ("transpose_b", new AttrValue { B = false }));
    }

    public TensorRef BiasAdd(string name, TensorRef value, TensorRef bias)
    {
        Expect(bias, value.DataType, "BiasAdd bias");
        return Add(name, "BiasAdd", [value, bias], value.DataType, ("T", TypeValue(value.DataType)), ("data_format", StringValue("NHWC")));
    }

    public TensorRef Add(string name, TensorRef x, TensorRef y) => Binary(name, "AddV2", x, y);
    public TensorRef Mul(string name, TensorRef x, TensorRef y) => Binary(name, "Mul", x, y);
    public TensorRef Sigmoid(string name, TensorRef x) => Add(name, "Sigmoid", [x], x.DataType, ("T", TypeValue(x.DataType)));
    public TensorRef Tanh(string name, TensorRef x) => Add(name, "Tanh", [x], x.DataType, ("T", TypeValue(x.DataType)));

    public TensorRef Greater(string name, TensorRef x, TensorRef y)
    {
        Expect(y, x.DataType, "Greater y");
        return Add(name, "Greater", [x, y], DtBool, ("T", TypeValue(x.DataType)));
    }

    /// <summary>SelectV2 (broadcasting): <paramref name="whenTrue"/> where the condition holds, else <paramref name="whenFalse"/>.</summary>
    public TensorRef Select(string name, TensorRef condition, TensorRef whenTrue, TensorRef whenFalse)
    {
        Expect(condition, DtBool, "SelectV2 condition");
        Expect(whenFalse, whenTrue.DataType, "SelectV2 e");
        return Add(name, "SelectV2", [condition, whenTrue, whenFalse], whenTrue.DataType, ("T", TypeValue(whenTrue.DataType)));
    }

    // ---- Plumbing ------------------------------------------------------------------------------------------

    private TensorRef Binary(string name, string op, TensorRef x, TensorRef y)
    {
        Expect(y, x.DataType, $"{op} y");
        return Add(name, op, [x, y], x.DataType, ("T", TypeValue(x.DataType)));
    }

    private TensorRef AddConst(string name, DataType dtype, long[] shape, int count, Action<TensorProto> fill)
    {
        long elements = shape.Aggregate(1L, (product, size) => product * size);
        if (shape.Any(size => size < 0) || elements != count)
            throw new ArgumentException($"Const \"{name}\": {count} values do not fill the shape [{string.Join(", ", shape)}].", nameof(shape));
        var tensor = new TensorProto { Dtype = dtype, TensorShape = Shape(shape) };
        fill(tensor);
        return Add(name, "Const", [], dtype, ("dtype", TypeValue(dtype)), ("value", new AttrValue { Tensor = tensor }));
    }

    private TensorRef Add(string name, string op, IReadOnlyList<TensorRef> inputs, DataType outputType, params (string Name, AttrValue Value)[] attrs)
    {
        var node = new NodeDef { Name = Unique(name), Op = op };
        node.Input.Add(inputs.Select(input => input.InputName));
        foreach (var (attrName, value) in attrs) node.Attr.Add(attrName, value);
        _nodes.Add(node);
        return new TensorRef(node.Name, 0, outputType);
    }

    private string Unique(string name)
    {
        string candidate = name;
        for (int i = 1; !_names.Add(candidate); i++) candidate = $"{name}_{i}";
        return candidate;
    }

    private static void Expect(TensorRef tensor, DataType type, string what)
    {
        if (tensor.DataType != type)
            throw new ArgumentException($"{what} must be {type}, but {tensor.TensorName} is {tensor.DataType}.");
    }

    private static void ExpectIndex(TensorRef tensor, string what)
    {
        if (tensor.DataType is not (DtInt32 or DtInt64))
            throw new ArgumentException($"{what} must be int32 or int64, but {tensor.TensorName} is {tensor.DataType}.");
    }

    private static AttrValue TypeValue(DataType type) => new() { Type = type };

    private static AttrValue StringValue(string value) => new() { S = ByteString.CopyFromUtf8(value) };

    /// <summary>A shape; -1 marks an unknown dimension. An empty list is a scalar (an empty, present message).</summary>
    public static TensorShapeProto Shape(params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(dims.Select(size => new TensorShapeProto.Types.Dim { Size = size }));
        return shape;
    }
}
