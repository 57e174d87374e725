namespace TwitterSentiment.Trainer.Export.Graph;

/// <summary>The value kind an attr holds, as TensorFlow's <c>OpDef.AttrDef.type</c> names it.</summary>
public enum AttrKind
{
    TypeValue,
    IntValue,
    BoolValue,
    StringValue,
    ShapeValue,
    TensorValue,
}
