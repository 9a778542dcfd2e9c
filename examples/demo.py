"""`make demo`: render an example mapping template with apigw_core's VTL engine.

The template is the kind API Gateway runs: it loops over a JSON body and builds new JSON.
"""

from apigw_core import vtl

TEMPLATE = """\
#set($inputRoot = $body)
{
  "count": $inputRoot.pets.size(),
  "pets": [
#foreach($pet in $inputRoot.pets)
    {"id": $pet.id, "name": "$pet.name.toUpperCase()", "cheap": #if($pet.price < 100)true#{else}false#end}#if($foreach.hasNext),#end

#end
  ],
  "missing": "$inputRoot.nothing"
}"""

BODY = {
    "pets": [{"id": 1, "name": "Rex", "price": 249.99}, {"id": 2, "name": "Tom", "price": 0.99}]
}

if __name__ == "__main__":
    print(vtl.render(TEMPLATE, {"body": BODY}))
